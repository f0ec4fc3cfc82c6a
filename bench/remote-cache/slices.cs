// The work one machine of a sharded build does, without MSBuild or the cache: Fashion-MNIST's 60,000 training images
// converted in full (baseline) and as slice 0 of n = 2 and 4, one encoding thread, alternating runs (best of 3).
// Run: dotnet run bench/remote-cache/slices.cs   (needs Debian's dataset-fashion-mnist)
#:project ../../src/Datadings/Datadings.csproj
using System.Diagnostics;
using Datadings.Conversions;

var fm = "/usr/share/datasets/fashion-mnist/";
var sources = new List<ConversionSource> { new("images", fm + "train-images-idx3-ubyte.gz"), new("labels", fm + "train-labels-idx1-ubyte.gz") };
var options = new Dictionary<string, string> { ["Images"] = "images", ["Labels"] = "labels" };
var output = Directory.CreateTempSubdirectory("dd-slices").FullName;
var best = new Dictionary<int, double>();
for (int run = 0; run < 3; run++)
{
    foreach (var n in new[] { 1, 2, 4 })
    {
        var clock = Stopwatch.StartNew();
        ConversionRunner.Run(new IdxConverter(), new ConversionContext("train", sources, options, output, parallelism: 1),
            new ConversionTarget(output, "train", 7500, n == 1 ? null : new ShardSlice(0, n)));
        best[n] = Math.Min(best.GetValueOrDefault(n, double.MaxValue), clock.Elapsed.TotalSeconds);
    }
}
Directory.Delete(output, recursive: true);
Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var (n, seconds) in best)
    Console.WriteLine($"slice 0 of {n}: {seconds,6:F2} s  {seconds / best[1]:F2}x of the full conversion");
