using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Operations;

public enum SampleStrategy
{
    /// <summary>The first N samples of the reference <c>Shuffler</c> order.</summary>
    Random,

    /// <summary>The first N samples in file order.</summary>
    Sequential,
}

public sealed record SampleOptions
{
    public SampleStrategy Strategy { get; init; } = SampleStrategy.Random;

    /// <summary>The shuffle seed for <see cref="SampleStrategy.Random"/>; by default the reference's (the input's length).</summary>
    public long? Seed { get; init; }

    public bool Overwrite { get; init; }
}

/// <summary>
/// The <c>sample</c> command: writes <c>count</c> samples of <c>input</c> to <c>output</c>, bytes unchanged.
/// Byte-identical to <c>python -m datadings.commands.sample</c> for the same strategy.
/// </summary>
public static class SampleOperation
{
    public static OperationResult Run(string input, string output, int count, SampleOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SampleOptions();
        if (count < 0) throw new ArgumentException($"the number of samples must not be negative (got {count})");
        OperationContext.RequireInput(input);
        OperationContext.ValidateOutputs([input], [output], options.Overwrite);
        var context = new OperationContext("sample", progress, cancellationToken);

        using var reader = new DatasetReader(input);
        var notes = new List<string>();
        int take = count;
        if (count > reader.Count)
        {
            take = reader.Count;
            notes.Add($"{input} has only {reader.Count} samples, fewer than the {count} requested; all of them were written");
        }

        int[] order = options.Strategy == SampleStrategy.Random
            ? ShuffleOrder.Shuffler(reader.Count, options.Seed ?? ShuffleOrder.DefaultShufflerSeed(reader.Count))
            : Enumerable.Range(0, reader.Count).ToArray();
        using var writer = OperationContext.CreateWriter(output, options.Overwrite);
        context.CopyRaw(reader, order.Take(take), writer, take);
        return new OperationResult([context.Complete(writer)], notes);
    }
}
