using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// <c>DatasetRelabel</c>: <see cref="RelabelOperation"/> through the JSON label map named by <c>Map</c>; with
/// <c>Pixels="true"</c> the label field is a label image relabelled pixel by pixel.
/// </summary>
internal sealed class RelabelStep : DerivedStep
{
    private readonly string _mapPath;
    private readonly RelabelOptions _options;

    public RelabelStep(ItemMetadata item) : base(item, "relabel", [SingleInput(item, "the dataset to relabel")])
    {
        item.Required("Map", "the JSON label map, relative to the project");
        _mapPath = item.Path("Map")!;
        var defaults = new RelabelOptions();
        _options = new RelabelOptions
        {
            LabelField = item.Text("LabelField") ?? defaults.LabelField,
            OriginalLabelField = item.Text("OriginalLabelField") ?? defaults.OriginalLabelField,
            UnknownLabels = item.Enum<UnknownLabelPolicy>("UnknownLabels") ?? defaults.UnknownLabels,
            Pixels = item.Bool("Pixels") ?? false,
            ColorField = item.Text("ColorField"),
            Overwrite = true,
        };
    }

    public override IReadOnlyList<string> ReferencedFiles => [_mapPath];

    /// <summary>The map's classes (names and colours by training id); none when it declares no classes (the old ones no longer apply).</summary>
    public override IReadOnlyDictionary<string, string> ClassMetadata(IReadOnlyList<IReadOnlyDictionary<string, string>> inputs) =>
        LoadMap().ClassMetadata();

    /// <summary>The map, when it relabels label images (the output's masks hold its ids; dataset cards paint them in its colours).</summary>
    public string? PixelMap => _options.Pixels ? _mapPath : null;

    public string LabelField => _options.LabelField;

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken)
        => RelabelOperation.Run(inputs[0], outputs[0], LoadMap(), _options, progress, cancellationToken);

    private LabelMap LoadMap()
    {
        try
        {
            return LabelMap.Load(_mapPath);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FileNotFoundException)
        {
            // The map is the item's own file, so every way it can be wrong gets the one code users look up.
            throw new DerivedDatasetException(DerivedErrorCodes.InvalidLabelMap, e.Message);
        }
    }
}
