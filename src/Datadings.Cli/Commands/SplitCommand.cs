using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>split IN POS… | --fractions F…</c>: over <see cref="SplitOperation"/>.</summary>
internal static class SplitCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to split." };
        var positions = new Argument<int[]>("POS") { Description = "Ascending split positions; part k is samples [POS_k, POS_k+1).", Arity = ArgumentArity.ZeroOrMore };
        var fractions = new Option<double[]>("--fractions") { Description = "Split by fractions summing to 1 (e.g. 0.8 0.1 0.1) instead of positions.", AllowMultipleArgumentsPerToken = true };
        var outputs = new Option<string[]>("--output", "-o") { Description = "One output per part (default: IN's name with -0, -1, … before the extension).", AllowMultipleArgumentsPerToken = true };
        var force = CommonOptions.Force();
        var command = new Command("split", "Split a dataset into consecutive parts (sample bytes unchanged).") { input, positions, fractions, outputs, force };

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
            IReadOnlyList<string> outPaths = given.Length > 0 ? given : SplitPlan.DefaultOutputs(inPath, parts);
            CommonOptions.CheckOutputs([inPath], outPaths, parsed.GetValue(force));

            var options = new SplitOptions { Outputs = outPaths, Overwrite = parsed.GetValue(force) };
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
