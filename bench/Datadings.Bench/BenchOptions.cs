namespace Datadings.Bench;

internal sealed record BenchOptions(int SmallCount, int LargeCount, string Directory, bool Keep)
{
    /// <summary>Run the bounded-memory shuffle benchmark on a dataset of this many MB instead of the read benchmarks.</summary>
    public long? ShuffleMegabytes { get; init; }

    public long BudgetMegabytes { get; init; } = 256;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(200_000, 10_000, Path.Combine(Path.GetTempPath(), "datadings-bench-" + Environment.ProcessId), false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--small" => options with { SmallCount = int.Parse(args[++i]) },
                "--large" => options with { LargeCount = int.Parse(args[++i]) },
                "--shuffle-mb" => options with { ShuffleMegabytes = long.Parse(args[++i]) },
                "--budget-mb" => options with { BudgetMegabytes = long.Parse(args[++i]) },
                "--dir" => options with { Directory = Path.GetFullPath(args[++i]), Keep = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}; expected --small N, --large N, --shuffle-mb N, --budget-mb N or --dir PATH."),
            };
        }
        return options;
    }
}
