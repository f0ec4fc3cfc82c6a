using Datadings.Imaging;
using Datadings.Sources;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// Pascal VOC 2012 semantic segmentation, read in place from the official tar (<c>VOCtrainval_11-May-2012.tar</c>) or
/// an extracted tree: the ids listed in <c>VOCdevkit/VOC2012/ImageSets/Segmentation/{Split}.txt</c> → samples
/// <c>{key: image id, image: JPEGImages/ID.jpg bytes, label_image: SegmentationClass/ID.png as an 8-bit greyscale
/// PNG of class ids (0 background, 1–20 the classes, 255 border)}</c>, in the listing's order. Options: Source,
/// Split (<c>train</c>, <c>val</c>, <c>trainval</c>; default train).
/// </summary>
public sealed class VocSegmentationConverter : ISampleConverter
{
    /// <summary>VOC's class names by id (0 = background); 255 marks object borders and "difficult" regions.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
        "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    ];

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        string split = context.Option("Split", "train");
        if (split.Contains('/') || split.Contains('.')) throw ConversionContext.Invalid($"the option 'Split' must be a listing name such as train, val or trainval, not '{split}'");
        context.OutputMetadata["ClassNames"] = string.Join(';', ClassNames);
        return Read(source, split, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource source, string split, ConversionContext context, CancellationToken cancellationToken)
    {
        using var tree = SegmentationTree.Open(source, cancellationToken);
        var (listing, root, ids) = ReadListing(tree, source.Name, "Segmentation", split, ConversionError.SegmentationLayout);
        context.ExpectedSampleCount = ids.Length;
        long index = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!context.IsSampleWanted(index++))
            {
                yield return new Sample(id); // another machine's shard (sharded builds): its owner reads and checks it
                continue;
            }
            string imagePath = $"{root}JPEGImages/{id}.jpg", maskPath = $"{root}SegmentationClass/{id}.png";
            var image = tree.ReadRequired(imagePath, $"the image of '{id}' listed in {listing}");
            var mask = tree.ReadRequired(maskPath, $"the mask of '{id}' listed in {listing}");
            var labels = LabelImages.Decode(mask, source.Name, maskPath);
            LabelImages.CheckSize(image, labels, source.Name, imagePath, maskPath);
            yield return new Sample(id)
            {
                ["image"] = image,
                ["label_image"] = LabelImages.EncodeGray8(labels, source.Name, maskPath),
            };
        }
    }

    /// <summary>The one <c>ImageSets/{imageSet}/{split}.txt</c> of a VOC tree: its path, the VOC root before it
    /// (<c>VOCdevkit/VOC2012/</c>) and the image ids it lists; none or several is <paramref name="error"/>.</summary>
    internal static (string Listing, string Root, string[] Ids) ReadListing(SegmentationTree tree, string source, string imageSet, string split, ConversionError error)
    {
        string listingSuffix = $"ImageSets/{imageSet}/{split}.txt";
        var listing = tree.Paths.Where(p => p == listingSuffix || p.EndsWith("/" + listingSuffix, StringComparison.Ordinal)).ToList();
        if (listing.Count != 1)
            throw new ConversionException(error, listing.Count == 0
                ? $"no {listingSuffix} (expected the VOC layout VOCdevkit/VOC2012/{listingSuffix})"
                : $"{listing.Count} files end in {listingSuffix}: {string.Join(", ", listing)}; the source must hold one VOC year", source);
        var ids = System.Text.Encoding.UTF8.GetString(tree.Read(listing[0])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (listing[0], listing[0][..^listingSuffix.Length], ids);
    }
}
