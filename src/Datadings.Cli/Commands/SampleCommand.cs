using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>sample IN OUT N</c>: over <see cref="SampleOperation"/>.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to sample from." };
        var output = new Argument<string>("OUT") { Description = "Where to write the sample." };
        var count = new Argument<int>("N") { Description = "Number of samples (all are written if the input has fewer)." };
        var strategy = new Option<string>("--strategy", "-s") { Description = "random: first N of the Shuffler order; sequential: first N in file order.", DefaultValueFactory = _ => "random" };
        strategy.AcceptOnlyFromAmong("random", "sequential");
        var seed = CommonOptions.Seed("Shuffle seed for --strategy random (default: the input's length, as the reference).");
        var force = CommonOptions.Force();
        var command = new Command("sample", "Write N samples of a dataset (sample bytes unchanged).") { input, output, count, strategy, seed, force };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            if (parsed.GetValue(count) < 0) throw new UsageException("N must not be negative");
            bool sequential = parsed.GetValue(strategy) == "sequential";
            if (sequential && parsed.GetValue(seed) is not null) throw new UsageException("--seed applies only to --strategy random");
            string outPath = parsed.GetValue(output)!;
            CommonOptions.CheckOutputs([parsed.GetValue(input)!], [outPath], parsed.GetValue(force));

            var options = new SampleOptions
            {
                Strategy = sequential ? SampleStrategy.Sequential : SampleStrategy.Random,
                Seed = parsed.GetValue(seed),
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(SampleOperation.Run(parsed.GetValue(input)!, outPath, parsed.GetValue(count), options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }
}
