// Converts Fashion-MNIST train (60,000 28×28 images, IDX → PNG dataset) with the IDX converter, single-threaded and
// with one encoding thread per core, and prints samples/s, the speed-up, and that both outputs are byte-identical.
// Usage: dotnet run -c Release --project bench/Datadings.Bench.Conversions [-- --dir DIR --runs N]
using System.Diagnostics;
using System.Security.Cryptography;
using Datadings.Conversions;

var dir = Argument("--dir") ?? "/usr/share/datasets/fashion-mnist";
var runs = int.Parse(Argument("--runs") ?? "3");
var images = Path.Combine(dir, "train-images-idx3-ubyte.gz");
var labels = Path.Combine(dir, "train-labels-idx1-ubyte.gz");
if (!File.Exists(images) || !File.Exists(labels))
{
    Console.Error.WriteLine($"Fashion-MNIST train files not found in {dir} (apt-get install dataset-fashion-mnist, or pass --dir).");
    return 1;
}

var output = Directory.CreateTempSubdirectory("dd-bench-conv-").FullName;
try
{
    var sources = new[] { new ConversionSource("images", images), new ConversionSource("labels", labels) };
    var options = new Dictionary<string, string> { ["Images"] = "images", ["Labels"] = "labels" };
    Console.WriteLine($"Fashion-MNIST train → PNG dataset, {Environment.ProcessorCount} cores, best of {runs}");
    var results = new List<(int Threads, double Rate, string Md5)>();
    foreach (var threads in new[] { 1, Environment.ProcessorCount })
    {
        double best = 0;
        string md5 = "";
        long peakMemory = 0;
        for (int run = 0; run < runs; run++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var result = ConversionRunner.Run(new IdxConverter(), new ConversionContext("train", sources, options, parallelism: threads),
                new ConversionTarget(output, "train"));
            var rate = result.SampleCount / clock.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(result.Files[0].Paths.Data)));
            peakMemory = Math.Max(peakMemory, Process.GetCurrentProcess().PeakWorkingSet64);
            Console.WriteLine($"  {threads} thread(s), run {run + 1}: {result.SampleCount:N0} samples in {clock.Elapsed.TotalSeconds:0.00} s = {rate:N0} samples/s, {result.DataBytes / 1e6:0.0} MB");
        }
        Console.WriteLine($"  {threads} thread(s): best {best:N0} samples/s, peak working set {peakMemory / 1e6:0} MB");
        results.Add((threads, best, md5));
    }
    // Where the time goes: PNG encoding alone, on one thread (the part the pipeline spreads over cores).
    var pixels = new byte[784];
    new Random(1).NextBytes(pixels);
    var encode = Stopwatch.StartNew();
    for (int i = 0; i < 60_000; i++) Datadings.Imaging.PngEncoder.EncodeGray8(pixels, 28, 28);
    Console.WriteLine($"  PNG encoding alone (1 thread): {60_000 / encode.Elapsed.TotalSeconds:N0} images/s");
    Console.WriteLine($"speed-up {results[1].Rate / results[0].Rate:0.00}× on {results[1].Threads} threads; outputs identical: {results[0].Md5 == results[1].Md5} (MD5 {results[0].Md5})");
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
