using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>shuffle IN OUT</c>: over <see cref="ShuffleOperation"/>.</summary>
internal static class ShuffleCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to shuffle." };
        var output = new Argument<string>("OUT") { Description = "Where to write the shuffled dataset." };
        var seed = CommonOptions.Seed("Shuffle seed (default: the reference's, so the output matches Python's shuffle command).");
        var quasi = new Option<bool>("--quasi") { Description = "Quasi shuffle: shuffled chunks through a random buffer (faster on slow storage, less random)." };
        var buffer = new Option<double>("--buffer") { Description = "Quasi buffer: below 1 a fraction of the dataset, else a sample count.", DefaultValueFactory = _ => 0.01 };
        var chunk = new Option<int>("--chunk") { Description = "Quasi chunk size in consecutive samples.", DefaultValueFactory = _ => 16 };
        var memory = new Option<long>("--memory-mb") { Description = "Most MiB of sample data held in memory while reordering (any dataset size works).", DefaultValueFactory = _ => ShuffleOptions.DefaultMemoryBudgetBytes >> 20 };
        var force = CommonOptions.Force();
        var command = new Command("shuffle", "Write a dataset's samples in shuffled order (sample bytes unchanged).") { input, output, seed, quasi, buffer, chunk, memory, force };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            bool isQuasi = parsed.GetValue(quasi);
            if (!isQuasi && (parsed.GetResult(buffer) is { Implicit: false } || parsed.GetResult(chunk) is { Implicit: false }))
                throw new UsageException("--buffer and --chunk apply only with --quasi");
            if (parsed.GetValue(chunk) < 1) throw new UsageException("--chunk must be at least 1");
            if (!(parsed.GetValue(buffer) > 0)) throw new UsageException("--buffer must be positive");
            if (parsed.GetValue(memory) is < 1 or > (long.MaxValue >> 20)) throw new UsageException("--memory-mb must be at least 1");
            string outPath = parsed.GetValue(output)!;
            CommonOptions.CheckOutputs([parsed.GetValue(input)!], [outPath], parsed.GetValue(force));

            var options = new ShuffleOptions
            {
                Mode = isQuasi ? ShuffleMode.Quasi : ShuffleMode.True,
                Seed = parsed.GetValue(seed),
                QuasiBuffer = parsed.GetValue(buffer),
                QuasiChunkSize = parsed.GetValue(chunk),
                MemoryBudgetBytes = parsed.GetValue(memory) << 20,
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(ShuffleOperation.Run(parsed.GetValue(input)!, outPath, options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }
}
