using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>split IN POS… | --fractions F… [--stratify FIELD | --stable]</c>: over <see cref="SplitOperation"/>.</summary>
internal static class SplitCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to split." };
        var positions = new Argument<int[]>("POS") { Description = "Ascending split positions; part k is samples [POS_k, POS_k+1).", Arity = ArgumentArity.ZeroOrMore };
        var fractions = new Option<double[]>("--fractions") { Description = "Split by fractions summing to 1 (e.g. 0.8 0.1 0.1) instead of positions.", AllowMultipleArgumentsPerToken = true };
        var outputs = new Option<string[]>("--output", "-o") { Description = "One output per part (default: IN's name with -0, -1, … before the extension).", AllowMultipleArgumentsPerToken = true };
        var stratify = new Option<string>("--stratify") { Description = "With --fractions: cut each class of this field (e.g. label) by the fractions, keeping class proportions in every part." };
        var stable = new Option<bool>("--stable") { Description = "With --fractions: decide each sample's part by a seeded hash (of --by), so adding samples never moves one." };
        var by = new Option<string>("--by") { Description = "What --stable hashes: key, or content (all fields but the key, or --content-field) to keep duplicates together.", DefaultValueFactory = _ => "key" };
        by.AcceptOnlyFromAmong("key", "content");
        var contentFields = new Option<string[]>("--content-field") { Description = "With --by content: the fields to hash (default: all but the key).", AllowMultipleArgumentsPerToken = true };
        var seed = CommonOptions.Seed("Seed of --stratify's shuffle inside each class or of --stable's hash (default 0).");
        var partNames = new Option<string[]>("--part-names") { Description = "Names of the parts in the assignment file (default 0, 1, …), e.g. train test.", AllowMultipleArgumentsPerToken = true };
        var assignment = new Option<string>("--assignment") { Description = "CSV key,part file: written after the split; with --stable also read first if it exists, so listed keys keep their part." };
        var force = CommonOptions.Force();
        var command = new Command("split", "Split a dataset into parts: consecutive, stratified or stable (sample bytes unchanged).")
        {
            input, positions, fractions, outputs, stratify, stable, by, contentFields, seed, partNames, assignment, force,
        };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            string inPath = parsed.GetValue(input)!;
            int[] at = parsed.GetValue(positions) ?? [];
            double[] shares = parsed.GetValue(fractions) ?? [];
            if (at.Length > 0 == shares.Length > 0)
                throw new UsageException("give either split positions or --fractions (exactly one of them)");
            int parts = at.Length > 0 ? at.Length + 1 : shares.Length;
            string[] given = parsed.GetValue(outputs) ?? [];
            if (given.Length > 0 && given.Length != parts)
                throw new UsageException($"the split makes {parts} parts, so give {parts} outputs with -o, not {given.Length}");
            bool isStable = parsed.GetValue(stable);
            string? stratifyField = parsed.GetValue(stratify);
            if ((isStable || stratifyField is not null) && shares.Length == 0)
                throw new UsageException("--stratify and --stable split by --fractions, not at positions");
            if (isStable && stratifyField is not null)
                throw new UsageException("--stratify and --stable cannot be combined: exact class proportions would move existing samples when samples are added");
            if (!isStable && (parsed.GetResult(by) is { Implicit: false } || parsed.GetValue(contentFields) is { Length: > 0 }))
                throw new UsageException("--by and --content-field apply only with --stable");
            if (parsed.GetValue(contentFields) is { Length: > 0 } && parsed.GetValue(by) != "content")
                throw new UsageException("--content-field applies only with --by content");
            if (!isStable && stratifyField is null && parsed.GetValue(seed) is not null)
                throw new UsageException("--seed applies only with --stratify or --stable");
            IReadOnlyList<string> outPaths = given.Length > 0 ? given : SplitPlan.DefaultOutputs(inPath, parts);
            string? assignmentPath = parsed.GetValue(assignment);
            // With --stable the assignment file is updated in place (that is its purpose); otherwise it is a new output.
            var checkedOutputs = assignmentPath is null || isStable ? outPaths : [.. outPaths, assignmentPath];
            CommonOptions.CheckOutputs([inPath], checkedOutputs, parsed.GetValue(force));

            var options = new SplitOptions
            {
                Outputs = outPaths,
                StratifyField = stratifyField,
                StableBy = isStable ? (parsed.GetValue(by) == "content" ? StableSplitBy.Content : StableSplitBy.Key) : null,
                ContentFields = parsed.GetValue(contentFields) is { Length: > 0 } fields ? fields : null,
                Seed = parsed.GetValue(seed) ?? 0,
                PartNames = parsed.GetValue(partNames) is { Length: > 0 } names ? names : null,
                PreviousAssignment = isStable ? assignmentPath : null,
                AssignmentOutput = assignmentPath,
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            var result = at.Length > 0
                ? SplitOperation.AtPositions(inPath, at, options, reporter, cancellation)
                : SplitOperation.ByFractions(inPath, shares, options, reporter, cancellation);
            reporter.Summarize(result);
            return ExitCodes.Success;
        });
        return command;
    }
}
