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
    /// The field that keeps the label as it was before remapping: inserted right after <see cref="LabelField"/>,
    /// or, if the sample already has it (a relabelled dataset relabelled again), overwritten where it stands.
    /// </summary>
    public string OriginalLabelField { get; init; } = "_label";

    public UnknownLabelPolicy UnknownLabels { get; init; } = UnknownLabelPolicy.Error;

    public bool Overwrite { get; init; }
}
