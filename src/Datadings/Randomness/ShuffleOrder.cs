using System.Numerics;

namespace Datadings.Randomness;

/// <summary>
/// The sample orders of the reference augments <c>Shuffler</c> and <c>QuasiShuffler</c> (FORMAT.md §12.2, §12.3):
/// for the same n, parameters, seed and epoch these are exactly the orders Python yields.
/// Epoch e is pass number e over the data; the reference reseeds each pass with seed + e·n.
/// </summary>
public static class ShuffleOrder
{
    /// <summary>The reference Shuffler's default seed: the dataset length.</summary>
    public static long DefaultShufflerSeed(int n) => n;

    /// <summary>The order in which <c>Shuffler(reader, seed)</c> visits sample indices during pass <paramref name="epoch"/>.</summary>
    public static int[] Shuffler(int n, long seed, long epoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int[] order = Identity(n);
        var random = new PythonRandom(EpochSeed(seed, epoch, n));
        random.Shuffle<int>(order);
        return order;
    }

    /// <summary>
    /// The QuasiShuffler buffer size in samples: a <paramref name="bufSize"/> below 1 is a fraction of n
    /// (ceil(n·fraction)), 1 or more is a sample count; either is then rounded up to a multiple of
    /// <paramref name="chunkSize"/>.
    /// </summary>
    /// <remarks>
    /// Deliberate difference from the reference: datadings 3.3.0 ignores the given fraction and always uses
    /// ceil(n·0.01) (FORMAT.md §12.3 quirk); we honour it. Pass 0.01 to reproduce the reference for any
    /// fractional value, e.g. QuasiBufferSize(1000, 0.01, 16) = 16 where the reference gives 16 for
    /// buf_size = 0.5 as well, but QuasiBufferSize(1000, 0.5, 16) = 512.
    /// </remarks>
    public static int QuasiBufferSize(int n, double bufSize, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ValidateChunkSize(chunkSize);
        if (!(bufSize > 0) || double.IsInfinity(bufSize))
            throw new ArgumentOutOfRangeException(nameof(bufSize), bufSize,
                "The QuasiShuffler buffer size must be a positive fraction of the dataset (< 1) or a positive sample count (>= 1).");

        double samples = bufSize < 1 ? Math.Ceiling(n * bufSize) : bufSize;
        double rounded = Math.Ceiling(samples / chunkSize) * chunkSize;
        if (rounded > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(bufSize), bufSize,
                $"A QuasiShuffler buffer of {rounded} samples is too large.");
        return (int)rounded;
    }

    /// <summary>The reference QuasiShuffler's default seed: n · bufferSize · chunkSize.</summary>
    public static long DefaultQuasiSeed(int n, int bufferSize, int chunkSize) => checked((long)n * bufferSize * chunkSize);

    /// <summary>
    /// The order in which <c>QuasiShuffler</c> visits sample indices during pass <paramref name="epoch"/>:
    /// chunks of <paramref name="chunkSize"/> consecutive samples in shuffled order, streamed through a buffer of
    /// <paramref name="bufferSize"/> samples (as resolved by <see cref="QuasiBufferSize"/>) from which random
    /// entries are emitted and replaced.
    /// </summary>
    public static int[] QuasiShuffler(int n, int bufferSize, int chunkSize, long seed, long epoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ValidateChunkSize(chunkSize);
        ArgumentOutOfRangeException.ThrowIfNegative(bufferSize);
        if (n == 0)
            return [];

        int bufferChunks = bufferSize / chunkSize;
        if (bufferChunks == 0)
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize,
                $"The QuasiShuffler buffer must hold at least one chunk ({chunkSize} samples); the reference would fail on an empty buffer.");

        int numChunks = (int)(((long)n + chunkSize - 1) / chunkSize);
        var random = new PythonRandom(EpochSeed(seed, epoch, n));
        int[] chunkOrder = Identity(numChunks);
        random.Shuffle<int>(chunkOrder);

        // The buffer starts with the samples of the first chunks in shuffled order; it is shorter than
        // bufferSize when the short last chunk is among them or there are fewer chunks than it holds.
        var buffer = new List<int>();
        int chunkPosition = 0;
        for (; chunkPosition < numChunks && chunkPosition < bufferChunks; chunkPosition++)
            AddChunk(buffer, chunkOrder[chunkPosition], chunkSize, n);

        var order = new int[n];
        int emitted = 0;
        int bufferLength = buffer.Count;
        for (; chunkPosition < numChunks; chunkPosition++)
        {
            (int start, int end) = ChunkBounds(chunkOrder[chunkPosition], chunkSize, n);
            for (int sample = start; sample < end; sample++)
            {
                int slot = (int)random.RandBelow(bufferLength);
                order[emitted++] = buffer[slot];
                buffer[slot] = sample;
            }
        }

        buffer.CopyTo(order, emitted);
        return order;
    }

    private static void AddChunk(List<int> buffer, int chunk, int chunkSize, int n)
    {
        (int start, int end) = ChunkBounds(chunk, chunkSize, n);
        for (int sample = start; sample < end; sample++)
            buffer.Add(sample);
    }

    private static (int Start, int End) ChunkBounds(int chunk, int chunkSize, int n)
    {
        long start = (long)chunk * chunkSize;
        return ((int)start, (int)Math.Min(n, start + chunkSize));
    }

    // Python's integers don't overflow, so neither may seed + epoch·n.
    private static BigInteger EpochSeed(long seed, long epoch, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return seed + (BigInteger)epoch * n;
    }

    private static void ValidateChunkSize(int chunkSize)
    {
        if (chunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The QuasiShuffler chunk size must be at least 1.");
    }

    internal static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        return order;
    }
}
