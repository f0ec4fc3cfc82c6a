using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// The <c>split</c> command: cuts a dataset into consecutive parts, bytes unchanged. Part i holds samples
/// <c>[S_i, S_(i+1))</c> exactly; the reference adds one sample to every middle part (FORMAT.md §13), which we
/// don't. For one split position the output is byte-identical to the reference.
/// </summary>
public static class SplitOperation
{
    /// <summary>Splits at ascending positions, each at least 1 and below the sample count.</summary>
    public static OperationResult AtPositions(string input, IReadOnlyList<int> positions, SplitOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(input, count => SplitPlan.FromPositions(count, positions), positions?.Count + 1 ?? 0, options, progress, cancellationToken);

    /// <summary>Splits into parts of the given fractions (summing to 1); see <see cref="SplitPlan.FromFractions"/> for rounding.</summary>
    public static OperationResult ByFractions(string input, IReadOnlyList<double> fractions, SplitOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(input, count => SplitPlan.FromFractions(count, fractions), fractions?.Count ?? 0, options, progress, cancellationToken);

    private static OperationResult Run(string input, Func<int, int[]> plan, int parts, SplitOptions? options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        options ??= new SplitOptions();
        OperationContext.RequireInput(input);
        var outputs = options.Outputs ?? SplitPlan.DefaultOutputs(input, parts);
        if (outputs.Count != parts)
            throw new ArgumentException($"the split makes {parts} parts but {outputs.Count} output files were given");
        OperationContext.ValidateOutputs([input], outputs, options.Overwrite);
        var context = new OperationContext("split", progress, cancellationToken);

        using var reader = new DatasetReader(input);
        int[] boundaries = plan(reader.Count);

        // All parts stay staged until every one is written, so a failure or cancellation leaves no part behind.
        var writers = new List<DatasetWriter>();
        try
        {
            for (int part = 0; part < parts; part++)
            {
                var writer = OperationContext.CreateWriter(outputs[part], options.Overwrite);
                writers.Add(writer);
                int start = boundaries[part], stop = boundaries[part + 1];
                context.CopyRaw(reader, Enumerable.Range(start, stop - start), writer, stop - start);
            }
            return new OperationResult(writers.Select(context.Complete).ToList());
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }
}
