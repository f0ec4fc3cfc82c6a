// Converts Fashion-MNIST train (60,000 28×28 images, IDX → PNG dataset) with the IDX converter on 1 thread and on one
// thread per core, and the same job with a numpy + Pillow + msgpack script (fashion_mnist_pil.py, Debian's
// /usr/bin/python3), each --runs times interleaved; prints medians, ratios and that the outputs are byte-identical.
// Then the memory check: peak RSS of a synthetic conversion of 10,000 and of 1,000,000 tiny samples (child
// processes), and the growth per sample between them (the index the writer must keep: keys, offsets).
// Usage: dotnet run -c Release --project bench/Datadings.Bench.Conversions [-- --dir DIR --runs N --python PATH]
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Datadings;
using Datadings.Conversions;

if (args is ["--memory-child", var countText, var outDir])
    return MemoryChild(int.Parse(countText, CultureInfo.InvariantCulture), outDir);

var dir = Argument("--dir") ?? "/usr/share/datasets/fashion-mnist";
var runs = int.Parse(Argument("--runs") ?? "3", CultureInfo.InvariantCulture);
var python = Argument("--python") ?? "/usr/bin/python3";
var images = Path.Combine(dir, "train-images-idx3-ubyte.gz");
var labels = Path.Combine(dir, "train-labels-idx1-ubyte.gz");
if (!File.Exists(images) || !File.Exists(labels))
{
    Console.Error.WriteLine($"Fashion-MNIST train files not found in {dir} (apt-get install dataset-fashion-mnist, or pass --dir).");
    return 1;
}
var script = Path.Combine(AppContext.BaseDirectory, "fashion_mnist_pil.py");

var output = Directory.CreateTempSubdirectory("dd-bench-conv-").FullName;
try
{
    var sources = new[] { new ConversionSource("images", images), new ConversionSource("labels", labels) };
    var options = new Dictionary<string, string> { ["Images"] = "images", ["Labels"] = "labels" };
    int cores = Environment.ProcessorCount;
    Console.WriteLine($"Fashion-MNIST train → PNG dataset, {cores} cores, median of {runs} interleaved runs");
    var times = new Dictionary<string, List<double>> { ["1 thread"] = [], [$"{cores} threads"] = [], ["numpy+Pillow+msgpack script"] = [] };
    var cpu = times.Keys.ToDictionary(k => k, _ => new List<double>());
    var md5s = new HashSet<string>();
    for (int run = 1; run <= runs; run++)
    {
        Console.WriteLine($"  run {run}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var threads in new[] { 1, cores })
        {
            GC.Collect();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = ConversionRunner.Run(new IdxConverter(), new ConversionContext("train", sources, options, parallelism: threads),
                new ConversionTarget(output, "train"));
            times[threads == 1 ? "1 thread" : $"{cores} threads"].Add(clock.Elapsed.TotalSeconds);
            cpu[threads == 1 ? "1 thread" : $"{cores} threads"].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
            md5s.Add(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(result.Files[0].Paths.Data))));
            Console.WriteLine($"    {threads} thread(s): {result.SampleCount:N0} samples in {clock.Elapsed.TotalSeconds:0.00} s, {result.DataBytes / 1e6:0.0} MB");
        }
        double childCpu0 = ChildrenCpu();
        var scriptClock = Stopwatch.StartNew();
        using (var process = Process.Start(python, [script, images, labels, Path.Combine(output, "python.msgpack")]))
        {
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited with {process.ExitCode}");
        }
        times["numpy+Pillow+msgpack script"].Add(scriptClock.Elapsed.TotalSeconds);
        cpu["numpy+Pillow+msgpack script"].Add(ChildrenCpu() - childCpu0);
        Console.WriteLine($"    script: {scriptClock.Elapsed.TotalSeconds:0.00} s");
    }
    foreach (var (name, list) in times)
        Console.WriteLine($"  {name,-30} median {Median(list):0.00} s = {60_000 / Median(list):N0} samples/s, CPU {Median(cpu[name]):0.00} s");
    double one = Median(times["1 thread"]), many = Median(times[$"{cores} threads"]), py = Median(times["numpy+Pillow+msgpack script"]);
    Console.WriteLine($"speed-up {one / many:0.00}× on {cores} threads; {py / many:0.00}× the script ({py / one:0.00}× on 1 thread); " +
                      $"1-thread and {cores}-thread outputs identical: {md5s.Count == 1} (MD5 {string.Join(", ", md5s)})");

    long small = MemoryRun(10_000, output), large = MemoryRun(1_000_000, output);
    Console.WriteLine($"memory: peak RSS {small / 1e6:0} MB for 10,000 samples, {large / 1e6:0} MB for 1,000,000: " +
                      $"{(large - small) / 990_000.0:0} bytes per sample");
    return 0;
}
finally
{
    Directory.Delete(output, recursive: true);
}

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// User + system seconds of the children waited for so far (getrusage RUSAGE_CHILDREN): the script's CPU time.
static double ChildrenCpu()
{
    var usage = new long[18];
    return Native.GetRusage(-1, usage) == 0 ? usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6 : double.NaN;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// Peak RSS of a child process converting `count` tiny samples.
static long MemoryRun(int count, string output)
{
    var start = new ProcessStartInfo("dotnet", [typeof(TinySamples).Assembly.Location, "--memory-child", count.ToString(CultureInfo.InvariantCulture), output])
        { RedirectStandardOutput = true };
    using var child = Process.Start(start)!;
    var text = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    if (child.ExitCode != 0) throw new InvalidOperationException($"memory child exited with {child.ExitCode}: {text}");
    return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
}

static int MemoryChild(int count, string output)
{
    ConversionRunner.Run(new TinySamples(count), new ConversionContext("tiny", [], parallelism: Environment.ProcessorCount),
        new ConversionTarget(output, "tiny"));
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    Console.WriteLine(long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
    return 0;
}

/// <summary>{key, label} samples with 7-digit keys: what grows with the count is the runner's and writer's state.</summary>
internal sealed class TinySamples(int count) : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
            yield return new Sample(i.ToString("D7", CultureInfo.InvariantCulture)) { ["label"] = (long)(i % 10) };
    }
}

internal static partial class Native
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getrusage")]
    public static partial int GetRusage(int who, [System.Runtime.InteropServices.Out] long[] usage);
}
