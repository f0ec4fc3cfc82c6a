using System.Formats.Tar;
using System.Text.RegularExpressions;
using Datadings.Sources;

namespace Datadings.Conversions.ImageNet;

/// <summary>
/// ILSVRC2012 / ImageNet-1k classification, read in place from the manual downloads. <c>Split=train</c>:
/// <c>ILSVRC2012_img_train.tar</c> (option <c>Source</c>) holds one <c>WNID.tar</c> per class, each holding
/// <c>WNID_N.JPEG</c> files → <c>{key: "WNID/WNID_N.JPEG", image: JPEG bytes, label, wnid}</c>, classes in sorted-wnid order,
/// each class's images in its tar's order. <c>Split=val</c>: <c>ILSVRC2012_img_val.tar</c> holds
/// <c>ILSVRC2012_val_00000001.JPEG</c>… → the same fields, in name order, labelled from the devkit's ground truth.
/// Labels and class names come from the devkit (option <c>Devkit</c>: <c>ILSVRC2012_devkit_t12.tar.gz</c>, see
/// <see cref="Ilsvrc2012Devkit"/>). Options: Source, Devkit, Split (train or val).
/// </summary>
public sealed partial class Ilsvrc2012Converter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var images = context.Source();
        var devkitSource = context.Source("Devkit");
        string split = context.Option("Split", "train");
        if (split is not ("train" or "val")) throw ConversionContext.Invalid($"the option 'Split' must be train or val, not '{split}'");
        return Read(images, devkitSource, split == "train", context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource images, ConversionSource devkitSource, bool train, ConversionContext context, CancellationToken cancellationToken)
    {
        var devkit = Ilsvrc2012Devkit.Read(devkitSource, cancellationToken);
        context.OutputMetadata["ClassNames"] = string.Join(';', devkit.Words);
        using (var tree = SourceTrees.OpenAll(images, cancellationToken))
        {
            var samples = train ? Train(tree, images, devkit, context, cancellationToken) : Validation(tree, images, devkit, context, cancellationToken);
            foreach (var sample in samples) yield return sample;
        }
    }

    private static IEnumerable<Sample> Train(LabelledTreeSource tree, ConversionSource images, Ilsvrc2012Devkit devkit, ConversionContext context, CancellationToken cancellationToken)
    {
        context.ExpectedSampleCount = devkit.TrainImages;
        var classTars = tree.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        if (classTars.Count == 0) throw new ConversionException(ConversionError.DatasetLayout, "it holds no per-class WNID.tar archives", images.Name);
        foreach (var classTar in classTars)
        {
            string wnid = classTar.Path.EndsWith(".tar", StringComparison.Ordinal) ? classTar.Path[..^4] : "";
            var label = devkit.LabelOf(wnid)
                ?? throw new ConversionException(ConversionError.DatasetLayout, $"expected one WNID.tar per class of the devkit's meta.mat (n01440764.tar …), found '{classTar.Path}'", images.Name);
            using var stream = tree.Open(classTar);
            TarReader reader = new(stream);
            for (int n = 0; ; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TarEntry? entry;
                try
                {
                    entry = reader.GetNextEntry();
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
                {
                    throw new ConversionException(ConversionError.CorruptSource, $"the class archive is damaged after {n} members: {e.Message}", images.Name, $"entry '{classTar.Path}'", e);
                }
                if (entry is null) break;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                using var copy = new MemoryStream();
                entry.DataStream.CopyTo(copy);
                yield return new Sample($"{wnid}/{entry.Name}") { ["image"] = copy.ToArray(), ["label"] = label, ["wnid"] = wnid };
            }
        }
    }

    private static IEnumerable<Sample> Validation(LabelledTreeSource tree, ConversionSource images, Ilsvrc2012Devkit devkit, ConversionContext context, CancellationToken cancellationToken)
    {
        var files = tree.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        context.ExpectedSampleCount = files.Count;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var match = ValidationName().Match(file.Path);
            if (!match.Success)
                throw new ConversionException(ConversionError.DatasetLayout, $"expected only ILSVRC2012_val_NNNNNNNN.JPEG files, found '{file.Path}'", images.Name);
            int number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (number < 1 || number > devkit.ValidationWnids.Count)
                throw new ConversionException(ConversionError.DatasetLayout, $"the devkit's ground truth has {devkit.ValidationWnids.Count} lines, none for image {number}", images.Name, $"entry '{file.Path}'");
            string wnid = devkit.ValidationWnids[number - 1];
            using var stream = tree.Open(file);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return new Sample(file.Path) { ["image"] = copy.ToArray(), ["label"] = devkit.LabelOf(wnid)!.Value, ["wnid"] = wnid };
        }
    }

    [GeneratedRegex(@"^ILSVRC2012_val_([0-9]{8})\.JPEG$")]
    private static partial Regex ValidationName();
}
