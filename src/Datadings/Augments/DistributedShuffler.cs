using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>What a <see cref="DistributedShuffler"/> does when the sample count is not a multiple of the world size.</summary>
public enum RemainderHandling
{
    /// <summary>Repeat samples from the start of the epoch's order until every worker has the same count (PyTorch's default, <c>drop_last=False</c>).</summary>
    Pad,

    /// <summary>Leave out the last <c>Count % worldSize</c> samples of the epoch's order (PyTorch's <c>drop_last=True</c>).</summary>
    Drop,
}

/// <summary>
/// One worker's share of a dataset for distributed training, like PyTorch's <c>DistributedSampler</c>: every worker
/// builds the same seeded order for an epoch (the <see cref="Shuffler"/> order, or the reader order without shuffling),
/// makes its length a multiple of <see cref="WorldSize"/> (<see cref="RemainderHandling"/>), and takes every
/// <see cref="WorldSize"/>-th index starting at <see cref="Rank"/>. So within an epoch the workers' slices are
/// disjoint (apart from the padding) and together cover the dataset; each epoch has a new order.
/// </summary>
/// <remarks>
/// All workers must use the same seed and iterate the same epochs (or <see cref="Augment.Seek"/> to
/// <c>epoch × Count</c>), as with PyTorch's <c>set_epoch</c>.
/// </remarks>
public sealed class DistributedShuffler : EpochOrderAugment
{
    public DistributedShuffler(ISampleReader reader, int rank, int worldSize, long seed = 0, bool shuffle = true,
        RemainderHandling remainder = RemainderHandling.Pad)
        : base(reader)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(worldSize);
        if (rank < 0 || rank >= worldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The rank must be in [0, {worldSize}) for a world size of {worldSize}.");
        Rank = rank;
        WorldSize = worldSize;
        Seed = seed;
        Shuffle = shuffle;
        Remainder = remainder;
        int n = reader.Count;
        int perWorker = remainder == RemainderHandling.Drop ? n / worldSize : (n + worldSize - 1) / worldSize;
        Count = n == 0 ? 0 : perWorker;
    }

    public int Rank { get; }

    public int WorldSize { get; }

    public long Seed { get; }

    public bool Shuffle { get; }

    public RemainderHandling Remainder { get; }

    /// <summary>Samples this worker sees per epoch: ⌈n / worldSize⌉ when padding, ⌊n / worldSize⌋ when dropping.</summary>
    public override long Count { get; }

    public override int[] OrderOf(long epoch)
    {
        int n = Reader.Count;
        if (n == 0) return [];
        int[] global = Shuffle ? ShuffleOrder.Shuffler(n, Seed, epoch) : ShuffleOrder.Identity(n);
        int mine = (int)Count;
        var order = new int[mine];
        for (int i = 0; i < mine; i++)
            order[i] = global[(Rank + (long)i * WorldSize) % n]; // past n only when padding: wraps to the order's start
        return order;
    }
}
