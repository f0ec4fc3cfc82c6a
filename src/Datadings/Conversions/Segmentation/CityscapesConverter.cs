using Datadings.Sources;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// Cityscapes fine annotations, read in place from the two registration-only zips: <c>leftImg8bit_trainvaltest.zip</c>
/// (option <c>ImagesSource</c>: <c>leftImg8bit/{Split}/{city}/{city}_{seq}_{frame}_leftImg8bit.png</c>) and
/// <c>gtFine_trainvaltest.zip</c> (option <c>LabelsSource</c>: <c>gtFine/{Split}/{city}/…_gtFine_labelIds.png</c>).
/// One sample per image, ordered by path: <c>{key: "{city}_{seq}_{frame}", image: PNG bytes, label_image: the
/// labelIds PNG bytes (8-bit grey, unchanged), city}</c>. Map labelIds to the 19 trainIds with DatasetRelabel
/// Pixels="true" and the SDK's <c>cityscapes-trainids.json</c>. Options: ImagesSource, LabelsSource, Split (default train).
/// </summary>
public sealed class CityscapesConverter : ISampleConverter
{
    private const string ImageSuffix = "_leftImg8bit.png", LabelSuffix = "_gtFine_labelIds.png";

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var images = context.Source("ImagesSource");
        var labels = context.Source("LabelsSource");
        string split = context.Option("Split", "train");
        if (split.Contains('/')) throw ConversionContext.Invalid($"the option 'Split' must be train, val or test, not '{split}'");
        return Read(images, labels, split, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource imagesSource, ConversionSource labelsSource, string split,
        ConversionContext context, CancellationToken cancellationToken)
    {
        using var images = SegmentationTree.Open(imagesSource, cancellationToken);
        using var labels = SegmentationTree.Open(labelsSource, cancellationToken);
        string prefix = $"leftImg8bit/{split}/";
        var imagePaths = images.Paths.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.EndsWith(ImageSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (imagePaths.Count == 0)
            throw new ConversionException(ConversionError.SegmentationLayout, $"no {prefix}<city>/*{ImageSuffix} images (expected the layout of leftImg8bit_trainvaltest.zip)", imagesSource.Name);
        context.ExpectedSampleCount = imagePaths.Count;
        long index = 0;
        foreach (var imagePath in imagePaths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parts = imagePath.Split('/');
            if (parts.Length != 4)
                throw new ConversionException(ConversionError.SegmentationLayout, $"expected {prefix}<city>/<name>{ImageSuffix}", imagesSource.Name, $"entry '{imagePath}'");
            string city = parts[2], key = parts[3][..^ImageSuffix.Length];
            string labelPath = $"gtFine/{split}/{city}/{key}{LabelSuffix}";
            if (!labels.Contains(labelPath))
                throw new ConversionException(ConversionError.SegmentationLayout, $"the labels of {imagePath} (in '{imagesSource.Name}') are missing: no {labelPath}", labelsSource.Name);
            if (!context.IsSampleWanted(index++))
            {
                yield return new Sample(key); // another machine's shard (sharded builds): its owner reads and checks it
                continue;
            }
            var image = images.Read(imagePath);
            var labelImage = labels.Read(labelPath);
            LabelImages.CheckSize(image, LabelImages.Decode(labelImage, labelsSource.Name, labelPath), imagesSource.Name, imagePath, labelPath);
            yield return new Sample(key) { ["image"] = image, ["label_image"] = labelImage, ["city"] = city };
        }
    }
}
