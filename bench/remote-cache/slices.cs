// The work one machine of a sharded build does, without MSBuild or the cache: Fashion-MNIST's 60,000 training images
// converted in full (baseline) and as slice 0 of n = 2, 4 and 8 (8 shards of 7,500), one encoding thread, alternating
// runs (best of 3). Prints wall and CPU time (this process's user+sys, steadier on a busy machine) and the part of a
// slice that does not shrink with n (what every machine pays: reading, inflating and key-checking all samples).
// Run: dotnet run bench/remote-cache/slices.cs   (needs Debian's dataset-fashion-mnist)
#:project ../../src/Datadings/Datadings.csproj
using System.Diagnostics;
using Datadings.Conversions;

var fm = "/usr/share/datasets/fashion-mnist/";
var sources = new List<ConversionSource> { new("images", fm + "train-images-idx3-ubyte.gz"), new("labels", fm + "train-labels-idx1-ubyte.gz") };
var options = new Dictionary<string, string> { ["Images"] = "images", ["Labels"] = "labels" };
var output = Directory.CreateTempSubdirectory("dd-slices").FullName;
int[] counts = [1, 2, 4, 8];
var wall = new Dictionary<int, double>();
var cpu = new Dictionary<int, double>();
var self = Process.GetCurrentProcess();
for (int run = 0; run < 3; run++)
{
    foreach (var n in counts)
    {
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        ConversionRunner.Run(new IdxConverter(), new ConversionContext("train", sources, options, output, parallelism: 1),
            new ConversionTarget(output, "train", 7500, n == 1 ? null : new ShardSlice(0, n)));
        self.Refresh();
        wall[n] = Math.Min(wall.GetValueOrDefault(n, double.MaxValue), clock.Elapsed.TotalSeconds);
        cpu[n] = Math.Min(cpu.GetValueOrDefault(n, double.MaxValue), (self.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
Directory.Delete(output, recursive: true);
Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var n in counts)
    Console.WriteLine($"slice 0 of {n}: {wall[n],6:F2} s wall {wall[n] / wall[1]:F2}x   {cpu[n],6:F2} s CPU {cpu[n] / cpu[1]:F2}x of the full conversion");
// slice(n) = fixed + (full - fixed) / n, solved with n = 8 (one shard of eight).
double Fixed(Dictionary<int, double> t) => (t[8] - t[1] / 8) / (1 - 1.0 / 8);
Console.WriteLine($"the part every machine pays: {Fixed(cpu):F2} s CPU ({Fixed(cpu) / cpu[1]:P0} of the full conversion), {Fixed(wall):F2} s wall");
