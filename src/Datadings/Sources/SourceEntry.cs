namespace Datadings.Sources;

/// <summary>
/// One file selected from a labelled source, without its content (read it through the source).
/// </summary>
/// <param name="Key">The sample key: the path from the <c>{LABEL}</c> level on (or below the patterns'
/// common directory), or the path as written in a listing file.</param>
/// <param name="Path">Where the file is inside the source, relative to its root, '/'-separated.</param>
/// <param name="Label">The label index (a <see cref="long"/>) with numeric labels, the label text without,
/// null when the entry has no label.</param>
/// <param name="OriginalLabel">The label as found (directory name or listing column), null when unlabelled.</param>
/// <param name="AdditionalInfo">The listing columns after the label; empty for glob matches.</param>
public sealed record SourceEntry(
    string Key,
    string Path,
    object? Label,
    string? OriginalLabel,
    IReadOnlyList<string> AdditionalInfo)
{
    public const string DefaultContentField = "image";
    public const string LabelField = "label";
    public const string OriginalLabelField = "_label";
    public const string AdditionalInfoField = "_additional_info";

    /// <summary>
    /// The sample a conversion writes: <c>key</c>, the content under <paramref name="contentField"/>,
    /// then <c>label</c> and (numeric labels only) <c>_label</c> when labelled, then
    /// <c>_additional_info</c> when a listing gave extra columns.
    /// </summary>
    public Sample ToSample(byte[] content, string contentField = DefaultContentField)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(contentField);
        var sample = new Sample(Key) { [contentField] = content };
        if (Label is not null)
        {
            sample[LabelField] = Label;
            if (Label is long) sample[OriginalLabelField] = OriginalLabel;
        }
        if (AdditionalInfo.Count > 0)
            sample[AdditionalInfoField] = AdditionalInfo.ToList();
        return sample;
    }

    // Records compare lists by reference; entries from different sources must compare by content.
    public bool Equals(SourceEntry? other) =>
        other is not null
        && Key == other.Key
        && Path == other.Path
        && Equals(Label, other.Label)
        && OriginalLabel == other.OriginalLabel
        && AdditionalInfo.SequenceEqual(other.AdditionalInfo);

    public override int GetHashCode() => HashCode.Combine(Key, Path, Label, OriginalLabel, AdditionalInfo.Count);
}
