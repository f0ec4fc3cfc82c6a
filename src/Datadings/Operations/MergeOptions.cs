namespace Datadings.Operations;

public enum MergeStrategy
{
    /// <summary>Interleave: repeatedly draw the input to take the next sample from, weighted by input size.</summary>
    Random,

    /// <summary>The inputs one after another, in the given order.</summary>
    Concat,
}

public sealed record MergeOptions
{
    /// <summary>The reference command's default is <see cref="MergeStrategy.Random"/>.</summary>
    public MergeStrategy Strategy { get; init; } = MergeStrategy.Random;

    /// <summary>
    /// Seed of the <see cref="MergeStrategy.Random"/> draws (CPython's <c>random.seed(Seed)</c>). The reference
    /// draws from the unseeded global generator, so its output differs on every run; a fixed default keeps ours
    /// reproducible, and seed 0 reproduces Python's <c>random.seed(0)</c> followed by <c>merge_random</c>.
    /// </summary>
    public long Seed { get; init; }

    /// <summary>Shuffle each input (reference <c>Shuffler</c>, seeded with that input's length) before merging.</summary>
    public bool ShuffleInputs { get; init; }

    /// <summary>
    /// One prefix per input, prepended to its keys, to merge inputs whose keys collide. Prefixed samples are
    /// re-encoded with the new key; without prefixes sample bytes are copied verbatim.
    /// </summary>
    public IReadOnlyList<string>? KeyPrefixes { get; init; }

    public bool Overwrite { get; init; }
}
