using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// The <c>split</c> command: divides a dataset into parts, bytes unchanged.
/// <list type="bullet">
/// <item>At positions or by fractions, consecutively: part i holds samples <c>[S_i, S_(i+1))</c> exactly; the
/// reference adds one sample to every middle part (FORMAT.md §13), which we don't. For one split position the
/// output is byte-identical to the reference.</item>
/// <item>By fractions, stratified (<see cref="SplitOptions.StratifyField"/>): each class is cut on its own.</item>
/// <item>By fractions, stable (<see cref="SplitOptions.StableBy"/>): each sample's part comes from a seeded hash
/// of its key or content (<see cref="StableAssignment"/>), optionally fixed by an earlier assignment file.</item>
/// </list>
/// Stratified and stable parts list their samples in file order. Every split can write its assignment
/// (<see cref="SplitOptions.AssignmentOutput"/>).
/// </summary>
public static class SplitOperation
{
    /// <summary>Splits at ascending positions, each at least 1 and below the sample count.</summary>
    public static OperationResult AtPositions(string input, IReadOnlyList<int> positions, SplitOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SplitOptions();
        if (options.StratifyField is not null || options.StableBy is not null)
            throw new ArgumentException("a split at positions is consecutive; stratified and stable splits take fractions");
        return Run(input, (reader, _) => SplitParts.Consecutive(SplitPlan.FromPositions(reader.Count, positions)),
            positions?.Count + 1 ?? 0, options, progress, cancellationToken);
    }

    /// <summary>
    /// Splits into parts of the given fractions (summing to 1): consecutively (see <see cref="SplitPlan.FromFractions"/>
    /// for rounding), stratified or stable as the options say.
    /// </summary>
    public static OperationResult ByFractions(string input, IReadOnlyList<double> fractions, SplitOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SplitOptions();
        SplitPlan.ValidateFractions(fractions);
        if (options.StratifyField is not null && options.StableBy is not null)
            throw new ArgumentException("a split cannot be both stratified and stable: exact class proportions would have to move existing samples " +
                "whenever samples are added; a stable split keeps the proportions only on average (choose one)");
        if (options.PreviousAssignment is not null && options.StableBy is null)
            throw new ArgumentException("an earlier assignment can only be kept by a stable split");
        if (options.ContentFields is not null && options.StableBy != StableSplitBy.Content)
            throw new ArgumentException("content fields only apply to a split that is stable by content");

        Func<DatasetReader, CancellationToken, SplitParts> plan;
        if (options.StableBy is not null)
        {
            var previous = options.PreviousAssignment is { } path && (path != options.AssignmentOutput || File.Exists(path))
                ? SplitAssignment.Read(path) : null;
            var names = PartNames(options, fractions.Count);
            plan = (reader, token) => SplitParts.Stable(reader, fractions, options, names, previous, options.PreviousAssignment, token);
        }
        else if (options.StratifyField is { } field)
        {
            plan = (reader, token) => SplitParts.Stratified(reader, fractions, field, options.Seed, token);
        }
        else
        {
            plan = (reader, _) => SplitParts.Consecutive(SplitPlan.FromFractions(reader.Count, fractions));
        }
        return Run(input, plan, fractions.Count, options, progress, cancellationToken);
    }

    private static OperationResult Run(string input, Func<DatasetReader, CancellationToken, SplitParts> plan, int parts, SplitOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        OperationContext.RequireInput(input);
        var outputs = options.Outputs ?? SplitPlan.DefaultOutputs(input, parts);
        if (outputs.Count != parts)
            throw new ArgumentException($"the split makes {parts} parts but {outputs.Count} output files were given");
        var names = PartNames(options, parts);
        // Updating an assignment file in place is the normal workflow, so it needs no overwrite permission.
        bool updatesAssignment = options.AssignmentOutput is { } a && options.PreviousAssignment is { } p && Path.GetFullPath(a) == Path.GetFullPath(p);
        var checkedOutputs = options.AssignmentOutput is null || updatesAssignment ? outputs : [.. outputs, options.AssignmentOutput];
        OperationContext.ValidateOutputs([input], checkedOutputs, options.Overwrite);
        var context = new OperationContext("split", progress, cancellationToken);

        using var reader = new DatasetReader(input);
        var split = plan(reader, cancellationToken);

        // All parts stay staged until every one is written, so a failure or cancellation leaves no part behind.
        var writers = new List<DatasetWriter>();
        try
        {
            for (int part = 0; part < parts; part++)
            {
                var writer = OperationContext.CreateWriter(outputs[part], options.Overwrite);
                writers.Add(writer);
                context.CopyRaw(reader, split.Parts[part], writer, split.Parts[part].Count);
            }
            var written = writers.Select(context.Complete).ToList();
            if (options.AssignmentOutput is { } assignmentPath)
                Assignment(reader, split, names).Write(assignmentPath, options.Overwrite || updatesAssignment);
            return new OperationResult(written, split.Note is null ? [] : [split.Note]);
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }

    private static SplitAssignment Assignment(DatasetReader reader, SplitParts split, IReadOnlyList<string> names)
    {
        var partOf = new int[reader.Count];
        for (int part = 0; part < split.Parts.Length; part++)
            foreach (int index in split.Parts[part]) partOf[index] = part;
        var entries = Enumerable.Range(0, reader.Count).Select(i => new KeyValuePair<string, string>(reader.GetKey(i), names[partOf[i]]));
        return new SplitAssignment([.. entries, .. split.CarriedOver]);
    }

    private static IReadOnlyList<string> PartNames(SplitOptions options, int parts)
    {
        var names = options.PartNames ?? Enumerable.Range(0, parts).Select(i => i.ToString()).ToList();
        if (names.Count != parts) throw new ArgumentException($"the split makes {parts} parts but {names.Count} part names were given");
        if (names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ArgumentException($"part names must be non-empty and distinct: {string.Join(", ", names)}");
        return names;
    }
}
