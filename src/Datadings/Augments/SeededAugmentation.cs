using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>Changes one sample with random numbers drawn from <paramref name="random"/> only (returns it or a new one).</summary>
public delegate Sample SampleAugmentation(Sample sample, SampleRandom random);

/// <summary>
/// Per-sample random augmentation at read time whose randomness depends only on (seed, epoch, sample index):
/// iterate an order (a <see cref="Shuffler"/>, a range, a worker's share of a <see cref="DistributedShuffler"/>)
/// and every sample gets the same augmentation in every run, on every worker. Compose with
/// <see cref="Batching"/> for batches.
/// </summary>
public static class SeededAugmentation
{
    /// <summary>The samples at <paramref name="indices"/>, each passed through <paramref name="augmentation"/>.</summary>
    public static IEnumerable<Sample> Augmented(this ISampleReader reader, IEnumerable<int> indices, SampleAugmentation augmentation, long seed, long epoch)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(augmentation);
        foreach (int index in indices)
            yield return augmentation(reader.Get(index), new SampleRandom(seed, epoch, index));
    }

    /// <summary>One pass of <paramref name="order"/> from its current position, augmented.</summary>
    public static IEnumerable<Sample> Augmented(this Augment order, SampleAugmentation augmentation, long seed, long epoch) =>
        order.Reader.Augmented(order.Indices(), augmentation, seed, epoch);

    /// <summary>Applies several augmentations in order, sharing the sample's random sequence.</summary>
    public static SampleAugmentation Chain(params SampleAugmentation[] augmentations) => (sample, random) =>
    {
        foreach (var augmentation in augmentations) sample = augmentation(sample, random);
        return sample;
    };
}
