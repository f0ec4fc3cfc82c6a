// Read/write benchmark of the format core. Run in Release:
//   dotnet run -c Release --project bench/Datadings.Bench [-- --small N --large N --dir PATH]
//   dotnet run -c Release --project bench/Datadings.Bench -- --shuffle-mb 2048 [--budget-mb 256] [--runs 3] [--cold] [--dir PATH]
//   dotnet run -c Release --project bench/Datadings.Bench -- --startup PATH/TO/datadings [--startup "dotnet OTHER/Datadings.Cli.dll"] [--runs 3] [--info-samples 1000000 …]
// Every figure is printed next to a baseline measured in the same run on the same file.
using Datadings.Bench;

var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Directory);
try
{
    Console.WriteLine($"datadings format benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, data in {options.Directory}");
    if (options.StartupCommands.Count > 0)
    {
        foreach (var samples in options.InfoSamples.DefaultIfEmpty(1000))
            StartupBenchmark.Run(options.Directory, options.StartupCommands, options.Runs, samples, samples == 1000 ? 500 : 100);
        return;
    }
    if (options.ShuffleMegabytes is { } shuffleMegabytes)
    {
        ShuffleMemoryBenchmark.Run(options.Directory, shuffleMegabytes, options.BudgetMegabytes, options.Runs, options.Cold);
        return;
    }
    var small = DatasetGenerator.Create(Path.Combine(options.Directory, "small.msgpack"), options.SmallCount, sampleBytes: 800, repeats: 2);
    var large = DatasetGenerator.Create(Path.Combine(options.Directory, "large.msgpack"), options.LargeCount, sampleBytes: 100_000, repeats: 2);
    Console.WriteLine();
    new ReadBenchmarks(small, "small (~800 B)").Run();
    new ReadBenchmarks(large, "large (~100 KB)").Run();
}
finally
{
    if (!options.Keep) Directory.Delete(options.Directory, recursive: true);
}
