using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>
/// A true shuffle, a new one each epoch: the order equals the Python reference's Shuffler for the same seed
/// (MT19937 as Python's <c>random.Random(seed + epoch·n)</c>, FORMAT.md §12.2).
/// </summary>
public sealed class Shuffler(ISampleReader reader, long? seed = null) : EpochOrderAugment(reader)
{
    /// <summary>The seed; by default the number of samples, as in the reference.</summary>
    public long Seed { get; } = seed ?? ShuffleOrder.DefaultShufflerSeed(reader.Count);

    public override int[] OrderOf(long epoch) => ShuffleOrder.Shuffler(Reader.Count, Seed, epoch);
}
