namespace Datadings.Conversions;

/// <summary>The converters a conversion can name without any assembly of its own (the <c>Converter</c> metadata).</summary>
public static class BuiltInConverters
{
    private static readonly Dictionary<string, Func<ISampleConverter>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LabelledTree"] = () => new LabelledTreeConverter(),
        ["Idx"] = () => new IdxConverter(),
        ["Cifar10"] = CifarConverter.Cifar10,
        ["Cifar100"] = CifarConverter.Cifar100,
        ["Csv"] = CsvTableConverter.Csv,
        ["Tsv"] = CsvTableConverter.Tsv,
        ["JsonLines"] = () => new JsonLinesConverter(),
        ["VocSegmentation"] = () => new Segmentation.VocSegmentationConverter(),
        ["Cityscapes"] = () => new Segmentation.CityscapesConverter(),
        ["Coco"] = () => new Segmentation.CocoConverter(),
        ["Ade20k"] = () => new Segmentation.Ade20kConverter(),
        ["VocClassification"] = () => new VocClassificationConverter(),
        ["Places365"] = () => new Places365Converter(),
        ["Ilsvrc2012"] = () => new ImageNet.Ilsvrc2012Converter(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The built-in converter called <paramref name="name"/> (case-insensitive), or null for a custom one.</summary>
    public static ISampleConverter? TryCreate(string name) =>
        Factories.TryGetValue(name, out var create) ? create() : null;
}
