using System.Text;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// The ADE20K scene-parsing benchmark (SceneParse150), read in place from <c>ADEChallengeData2016.zip</c> or its
/// extracted folder: one sample per <c>images/{Split}/NAME.jpg</c> (Split <c>training</c> or <c>validation</c>),
/// ordered by name, paired with <c>annotations/{Split}/NAME.png</c> (8-bit grey; 0 = other, 1–150 the classes of
/// <c>objectInfo150.txt</c>): <c>{key: NAME, image: JPEG bytes, label_image: the PNG bytes unchanged, scene}</c>, where
/// <c>scene</c> comes from <c>sceneCategories.txt</c> ("NAME scene" per line) when the source holds it. Class names are
/// not in the zip's images: the SDK's ADE20K recipe gives them. Options: Source, Split (default training).
/// </summary>
public sealed class Ade20kConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        string split = context.Option("Split", "training");
        if (split is not ("training" or "validation")) throw ConversionContext.Invalid($"the option 'Split' must be training or validation, not '{split}'");
        return Read(source, split, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource source, string split, ConversionContext context, CancellationToken cancellationToken)
    {
        using var tree = SegmentationTree.Open(source, cancellationToken);
        string folder = $"images/{split}/";
        // The zip nests everything in ADEChallengeData2016/; an extracted copy may not: find the images folder.
        var images = tree.Paths.Where(p => (p.StartsWith(folder, StringComparison.Ordinal) || p.Contains("/" + folder, StringComparison.Ordinal))
                                           && p.EndsWith(".jpg", StringComparison.Ordinal) && p.IndexOf('/', p.IndexOf(folder, StringComparison.Ordinal) + folder.Length) < 0)
            .Order(StringComparer.Ordinal).ToList();
        if (images.Count == 0)
            throw new ConversionException(ConversionError.SegmentationLayout, $"no {folder}*.jpg images (expected the layout of ADEChallengeData2016.zip: ADEChallengeData2016/{folder}ADE_…jpg)", source.Name);
        string root = images[0][..images[0].IndexOf(folder, StringComparison.Ordinal)];
        var scenes = tree.Contains(root + "sceneCategories.txt") ? Scenes(tree.Read(root + "sceneCategories.txt")) : null;
        context.ExpectedSampleCount = images.Count;
        foreach (var imagePath in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = imagePath[(imagePath.LastIndexOf('/') + 1)..^4];
            if (!imagePath.StartsWith(root + folder, StringComparison.Ordinal))
                throw new ConversionException(ConversionError.SegmentationLayout, $"the images are not all under {root}{folder}", source.Name, $"entry '{imagePath}'");
            string maskPath = $"{root}annotations/{split}/{name}.png";
            var image = tree.Read(imagePath);
            var mask = tree.ReadRequired(maskPath, $"the annotation of {imagePath}");
            LabelImages.CheckSize(image, LabelImages.Decode(mask, source.Name, maskPath), source.Name, imagePath, maskPath);
            var sample = new Sample(name) { ["image"] = image, ["label_image"] = mask };
            if (scenes is not null)
                sample["scene"] = scenes.GetValueOrDefault(name)
                    ?? throw new ConversionException(ConversionError.SegmentationLayout, $"{root}sceneCategories.txt has no line for {name}", source.Name);
            yield return sample;
        }
    }

    private static Dictionary<string, string> Scenes(byte[] text)
    {
        var scenes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (line.Split(' ', 2, StringSplitOptions.TrimEntries) is [var name, var scene]) scenes[name] = scene;
        return scenes;
    }
}
