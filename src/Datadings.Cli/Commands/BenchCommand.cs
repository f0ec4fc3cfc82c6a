using System.CommandLine;
using System.Diagnostics;
using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Cli.Commands;

/// <summary><c>bench FILE</c>: read throughput, like datadings-bench.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The dataset's data file (.msgpack)." };
        var raw = new Option<bool>("--raw") { Description = "Read packed bytes only, without decoding samples." };
        var shuffle = new Option<bool>("--shuffle") { Description = "Read in Shuffler order (random access) instead of file order." };
        var command = new Command("bench", "Measure how fast a dataset can be read.") { file, raw, shuffle };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            bool quiet = parsed.GetValue(CommonOptions.Quiet);
            DatasetFiles.RequireDatasets("bench", parsed.GetValue(file)!);
            using var reader = new DatasetReader(parsed.GetValue(file)!);
            int[] order = parsed.GetValue(shuffle)
                ? ShuffleOrder.Shuffler(reader.Count, ShuffleOrder.DefaultShufflerSeed(reader.Count))
                : Enumerable.Range(0, reader.Count).ToArray();
            var progress = new Datadings.Cli.OperationReporter(quiet);

            long bytes = 0, checksum = 0;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < order.Length; i++)
            {
                if (i % 4096 == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress.Report(new Operations.OperationProgress("bench", reader.Paths.Data, i, order.Length));
                }
                var packed = reader.GetRawSpan(order[i]);
                bytes += packed.Length;
                // Decoding is the work being measured; the count keeps it from being optimised away.
                checksum += parsed.GetValue(raw) ? packed[0] : reader.Get(order[i]).Count;
            }
            clock.Stop();
            progress.Report(new Operations.OperationProgress("bench", reader.Paths.Data, order.Length, order.Length));

            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            string mode = $"{(parsed.GetValue(raw) ? "raw" : "decoded")}, {(parsed.GetValue(shuffle) ? "shuffled" : "sequential")}";
            Console.WriteLine($"{reader.Count} samples, {Formatting.Bytes(bytes)} in {seconds:0.000}s ({mode}): " +
                              $"{Formatting.Number(reader.Count / seconds)} samples/s, {bytes / seconds / (1 << 20):0.0} MiB/s");
            GC.KeepAlive(checksum);
            return ExitCodes.Success;
        });
        return command;
    }
}
