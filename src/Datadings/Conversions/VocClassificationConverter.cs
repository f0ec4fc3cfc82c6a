using System.Globalization;
using System.Text;
using Datadings.Conversions.Segmentation;

namespace Datadings.Conversions;

/// <summary>
/// Pascal VOC 2012 image classification (multi-label), read in place from <c>VOCtrainval_11-May-2012.tar</c> or an
/// extracted tree. The ids of <c>VOCdevkit/VOC2012/ImageSets/Main/{Split}.txt</c>, in that order, → samples
/// <c>{key: image id, image: JPEGImages/ID.jpg bytes, label: [class indices, ascending], difficult: [bool per label]}</c>.
/// The labels come from the 20 per-class listings <c>ImageSets/Main/{class}_{Split}.txt</c> ("ID  1": an object of the
/// class, "ID  0": only objects marked difficult, "ID -1": none): a class is in <c>label</c> for 1 and 0, and its
/// <c>difficult</c> flag is true for 0. Class indices 0–19 are <see cref="ClassNames"/> (no background class).
/// Options: Source, Split (<c>train</c>, <c>val</c>, <c>trainval</c>; default train).
/// </summary>
public sealed class VocClassificationConverter : ISampleConverter
{
    /// <summary>The 20 VOC classes, in the order of the devkit (VOCcode/VOCinit.m).</summary>
    public static readonly IReadOnlyList<string> ClassNames = VocSegmentationConverter.ClassNames.Skip(1).ToList();

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        string split = context.Option("Split", "train");
        if (split.Contains('/') || split.Contains('.') || split.Contains('_'))
            throw ConversionContext.Invalid($"the option 'Split' must be a listing name such as train, val or trainval, not '{split}'");
        context.OutputMetadata["ClassNames"] = string.Join(';', ClassNames);
        return Read(source, split, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource source, string split, ConversionContext context, CancellationToken cancellationToken)
    {
        using var tree = SegmentationTree.Open(source, cancellationToken);
        var (listing, root, ids) = VocSegmentationConverter.ReadListing(tree, source.Name, "Main", split, ConversionError.DatasetLayout);

        // Per image: (class index, difficult) for every class present, in class order.
        var present = ids.ToDictionary(id => id, _ => new List<(long Class, bool Difficult)>(), StringComparer.Ordinal);
        for (int c = 0; c < ClassNames.Count; c++)
        {
            string path = $"{root}ImageSets/Main/{ClassNames[c]}_{split}.txt";
            int number = 0;
            foreach (var line in Lines(tree.ReadRequired(path, $"the listing of class {ClassNames[c]}", ConversionError.DatasetLayout)))
            {
                number++;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int flag) || flag is < -1 or > 1)
                    throw new ConversionException(ConversionError.DatasetLayout, $"expected 'IMAGE_ID FLAG' with FLAG 1, 0 or -1, got '{line}'", source.Name, $"{path} line {number}");
                if (!present.TryGetValue(parts[0], out var labels))
                    throw new ConversionException(ConversionError.DatasetLayout, $"the image '{parts[0]}' is not in {listing}", source.Name, $"{path} line {number}");
                if (flag >= 0) labels.Add((c, flag == 0));
            }
        }

        context.ExpectedSampleCount = ids.Length;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = tree.ReadRequired($"{root}JPEGImages/{id}.jpg", $"the image of '{id}' listed in {listing}", ConversionError.DatasetLayout);
            yield return new Sample(id)
            {
                ["image"] = image,
                ["label"] = present[id].Select(l => l.Class).ToList(),
                ["difficult"] = present[id].Select(l => l.Difficult).ToList(),
            };
        }
    }

    private static IEnumerable<string> Lines(byte[] text) =>
        Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
