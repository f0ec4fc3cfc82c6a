namespace Datadings.Operations;

/// <summary>What a stable split hashes to decide a sample's part.</summary>
public enum StableSplitBy
{
    /// <summary>The sample's key: each sample keeps its part however the dataset grows.</summary>
    Key,

    /// <summary>
    /// The sample's content (every field but the key, or <see cref="SplitOptions.ContentFields"/>): samples with
    /// identical content land in the same part, so a duplicate cannot leak from train into test.
    /// </summary>
    Content,
}

public sealed record SplitOptions
{
    /// <summary>One output per part; by default <see cref="SplitPlan.DefaultOutputs"/>.</summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>
    /// Stratify a fraction split by this field (e.g. <c>"label"</c>): every class is cut by the fractions on its
    /// own, so each part keeps the class proportions. Null: consecutive parts.
    /// </summary>
    public string? StratifyField { get; init; }

    /// <summary>Seed of a stratified split's shuffle inside each class, or of a stable split's hash.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Stable assignment: a sample's part is decided by a seeded hash of its key or content, never by its position,
    /// so adding samples later moves no existing sample. Null: not stable.
    /// </summary>
    public StableSplitBy? StableBy { get; init; }

    /// <summary>With <see cref="StableSplitBy.Content"/>: the fields whose values are hashed (default: all but the key).</summary>
    public IReadOnlyList<string>? ContentFields { get; init; }

    /// <summary>Part names used in assignment files (default <c>"0"</c>, <c>"1"</c>, …), one per part.</summary>
    public IReadOnlyList<string>? PartNames { get; init; }

    /// <summary>
    /// An assignment file (CSV <c>key,part</c>) from an earlier split: keys listed there keep their part; other
    /// samples are assigned by the split's rule. Only for stable splits.
    /// </summary>
    public string? PreviousAssignment { get; init; }

    /// <summary>Where to write the assignment of every sample (CSV <c>key,part</c>); may be <see cref="PreviousAssignment"/> to update it.</summary>
    public string? AssignmentOutput { get; init; }

    public bool Overwrite { get; init; }
}
