namespace Datadings.Operations;

/// <summary>A sample's label is not listed in the label map (or the sample has no label at all).</summary>
public sealed class UnknownLabelException(string key, string field, object? label, string problem)
    : InvalidOperationException($"sample \"{key}\": {problem}")
{
    public string Key { get; } = key;
    public string Field { get; } = field;
    public object? Label { get; } = label;
}
