namespace Datadings.Operations;

/// <summary>What to do with a label the map does not list.</summary>
public enum UnknownLabelPolicy
{
    /// <summary>Fail, naming the sample's key and its label (nothing is written).</summary>
    Error,

    /// <summary>Give the sample the map's <c>"ignore"</c> training id (the map must have one).</summary>
    Ignore,
}

public sealed record RelabelOptions
{
    /// <summary>The field holding the label to remap.</summary>
    public string LabelField { get; init; } = "label";

    /// <summary>
    /// The field that keeps the label as the source gave it (Python datadings' <c>_label</c>): a sample that already
    /// has it (a LabelledTree's class name, or an earlier relabel's original) keeps it unchanged; otherwise the label
    /// being remapped is inserted right after <see cref="LabelField"/>.
    /// </summary>
    public string OriginalLabelField { get; init; } = "_label";

    public UnknownLabelPolicy UnknownLabels { get; init; } = UnknownLabelPolicy.Error;

    /// <summary>
    /// The label field is a label image (PNG bytes: 8/16-bit grey or palette, ids per pixel): every pixel is
    /// remapped through the map's integer source ids and the image re-encoded losslessly. The original image is not
    /// kept (it is in the input dataset); <see cref="OriginalLabelField"/> does not apply.
    /// </summary>
    public bool Pixels { get; init; }

    /// <summary>With <see cref="Pixels"/>: a field to add after the label image holding it in the map's class colours (RGB PNG); null adds none.</summary>
    public string? ColorField { get; init; }

    public bool Overwrite { get; init; }
}
