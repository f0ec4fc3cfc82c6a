namespace Datadings.Bench;

internal sealed record BenchOptions(int SmallCount, int LargeCount, string Directory, bool Keep)
{
    /// <summary>Run the bounded-memory shuffle benchmark on a dataset of this many MB instead of the read benchmarks.</summary>
    public long? ShuffleMegabytes { get; init; }

    public long BudgetMegabytes { get; init; } = 256;

    /// <summary>Run the CLI start-up benchmark with these commands (an executable, or "dotnet path/Datadings.Cli.dll").</summary>
    public List<string> StartupCommands { get; init; } = [];

    /// <summary>Dataset sizes (samples) for the start-up benchmark's <c>info</c> runs; 1,000 when none is given.</summary>
    public List<int> InfoSamples { get; init; } = [];

    /// <summary>Repetitions of each shuffle step (the median is reported).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Drop the shuffle input from the page cache before each step (data read from disk).</summary>
    public bool Cold { get; init; }

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
                "--startup" => options with { StartupCommands = [.. options.StartupCommands, args[++i]] },
                "--info-samples" => options with { InfoSamples = [.. options.InfoSamples, int.Parse(args[++i])] },
                "--runs" => options with { Runs = int.Parse(args[++i]) },
                "--cold" => options with { Cold = true },
                "--dir" => options with { Directory = Path.GetFullPath(args[++i]), Keep = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}; expected --small N, --large N, --shuffle-mb N, --budget-mb N, --runs N, --cold, --startup COMMAND, --info-samples N or --dir PATH."),
            };
        }
        return options;
    }
}
