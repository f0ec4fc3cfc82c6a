// Read/write benchmark of the format core. Run in Release:
//   dotnet run -c Release --project bench/Datadings.Bench [-- --small N --large N --dir PATH]
//   dotnet run -c Release --project bench/Datadings.Bench -- --shuffle-mb 2048 [--budget-mb 256] [--dir PATH]
// Every figure is printed next to a baseline measured in the same run on the same file.
using Datadings.Bench;

var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Directory);
try
{
    Console.WriteLine($"datadings format benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, data in {options.Directory}");
    if (options.ShuffleMegabytes is { } shuffleMegabytes)
    {
        ShuffleMemoryBenchmark.Run(options.Directory, shuffleMegabytes, options.BudgetMegabytes);
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
