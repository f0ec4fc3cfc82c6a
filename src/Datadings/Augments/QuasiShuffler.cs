using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>
/// A cheaper, chunked shuffle: chunks are read in random order through a buffer from which samples are drawn at
/// random; orders equal the reference's QuasiShuffler for the same parameters (FORMAT.md §12.3).
/// </summary>
/// <remarks>
/// A <paramref name="bufferSize"/> below 1 is a fraction of the dataset, and unlike the reference (which always
/// uses 1 %) we honour it; the default 0.01 gives the reference's orders.
/// </remarks>
public sealed class QuasiShuffler : EpochOrderAugment
{
    public QuasiShuffler(ISampleReader reader, double bufferSize = 0.01, int chunkSize = 16, long? seed = null) : base(reader)
    {
        ChunkSize = chunkSize;
        BufferSize = ShuffleOrder.QuasiBufferSize(reader.Count, bufferSize, chunkSize);
        Seed = seed ?? ShuffleOrder.DefaultQuasiSeed(reader.Count, BufferSize, chunkSize);
    }

    /// <summary>The buffer size in samples (a multiple of <see cref="ChunkSize"/>).</summary>
    public int BufferSize { get; }

    public int ChunkSize { get; }

    public long Seed { get; }

    public override int[] OrderOf(long epoch) => ShuffleOrder.QuasiShuffler(Reader.Count, BufferSize, ChunkSize, Seed, epoch);
}
