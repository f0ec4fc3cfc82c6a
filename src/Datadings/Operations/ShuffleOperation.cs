using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Operations;

public enum ShuffleMode
{
    /// <summary>A full permutation in the reference <c>Shuffler</c> order.</summary>
    True,

    /// <summary>The reference <c>QuasiShuffler</c> order: shuffled chunks streamed through a random buffer.</summary>
    Quasi,
}

public sealed record ShuffleOptions
{
    public ShuffleMode Mode { get; init; } = ShuffleMode.True;

    /// <summary>The seed; by default the reference's (n for a true shuffle, n·buffer·chunk for a quasi shuffle).</summary>
    public long? Seed { get; init; }

    /// <summary>Which pass of the augment to write; the reference command writes epoch 0.</summary>
    public long Epoch { get; init; }

    /// <summary>Quasi shuffle buffer: below 1 a fraction of the dataset, otherwise a sample count (rounded up to whole chunks).</summary>
    public double QuasiBuffer { get; init; } = 0.01;

    /// <summary>Quasi shuffle chunk size in consecutive samples.</summary>
    public int QuasiChunkSize { get; init; } = 16;

    /// <summary>
    /// Most bytes of sample data held in memory at once while reordering (default 256 MiB); see
    /// <see cref="BoundedReorderCopy"/>. Memory use is this plus the index (keys, offsets, the order).
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    public const long DefaultMemoryBudgetBytes = 256L << 20;

    public bool Overwrite { get; init; }
}

/// <summary>
/// The <c>shuffle</c> command: writes <c>input</c>'s samples to <c>output</c> in shuffled order, bytes unchanged.
/// With the defaults the output is byte-identical to <c>python -m datadings.commands.shuffle</c>. Memory stays
/// within <see cref="ShuffleOptions.MemoryBudgetBytes"/> however large the dataset.
/// </summary>
public static class ShuffleOperation
{
    public static OperationResult Run(string input, string output, ShuffleOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ShuffleOptions();
        if (options.MemoryBudgetBytes < 1)
            throw new ArgumentException($"the memory budget must be at least one byte (got {options.MemoryBudgetBytes})");
        OperationContext.RequireInput(input);
        OperationContext.ValidateOutputs([input], [output], options.Overwrite);
        var context = new OperationContext("shuffle", progress, cancellationToken);

        using var reader = new DatasetReader(input);
        int[] order = Order(reader.Count, options);
        using var writer = OperationContext.CreateWriter(output, options.Overwrite);
        BoundedReorderCopy.Copy(reader, order, writer, options.MemoryBudgetBytes, context);
        return new OperationResult([context.Complete(writer)]);
    }

    /// <summary>The order in which the samples of a dataset of <paramref name="n"/> samples are written.</summary>
    public static int[] Order(int n, ShuffleOptions options)
    {
        if (options.Mode == ShuffleMode.True)
            return ShuffleOrder.Shuffler(n, options.Seed ?? ShuffleOrder.DefaultShufflerSeed(n), options.Epoch);

        int buffer = ShuffleOrder.QuasiBufferSize(n, options.QuasiBuffer, options.QuasiChunkSize);
        long seed = options.Seed ?? ShuffleOrder.DefaultQuasiSeed(n, buffer, options.QuasiChunkSize);
        return ShuffleOrder.QuasiShuffler(n, buffer, options.QuasiChunkSize, seed, options.Epoch);
    }
}
