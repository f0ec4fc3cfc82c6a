namespace Datadings.Bench;

internal sealed record BenchOptions(int SmallCount, int LargeCount, string Directory, bool Keep)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(200_000, 10_000, Path.Combine(Path.GetTempPath(), "datadings-bench-" + Environment.ProcessId), false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--small" => options with { SmallCount = int.Parse(args[++i]) },
                "--large" => options with { LargeCount = int.Parse(args[++i]) },
                "--dir" => options with { Directory = Path.GetFullPath(args[++i]), Keep = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}; expected --small N, --large N or --dir PATH."),
            };
        }
        return options;
    }
}
