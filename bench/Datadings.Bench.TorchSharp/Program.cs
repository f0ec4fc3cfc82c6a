// Datadings.TorchSharp's cost, measured against baselines in the same run (wall time and this process's CPU time):
//   1. per-image decode cost of a 28×28 grey PNG: the loader's DecodeImage (core managed PNG decoder for plain PNGs)
//      vs Skia through Datadings.Imaging (what DecodeImage used before), one thread;
//   2. samples/s of the loader (PNG decode → normalised float32 → collated tensors) vs the raw reader (Get in the
//      same Shuffler order, no decoding), with 0, 1 and 2 workers;
//   3. training batches/s of a small CNN fed by the loader vs the same batches as tensors already in memory (the
//      adapter's overhead; 1.00× means none is visible).
// The dataset: the first N training images of Debian's Fashion-MNIST (dataset-fashion-mnist) as PNGs, as the Idx
// converter writes them; seeded noise images if the package is missing (noise PNGs are larger and decode slower).
// Usage: dotnet run -c Release --project bench/Datadings.Bench.TorchSharp [-- --count 8192 --torch-threads 2 --rounds 3]
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Datadings;
using Datadings.Augments;
using Datadings.Imaging;
using Datadings.Reading;
using Datadings.TorchSharp;
using Datadings.Writing;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

int count = int.Parse(Argument("--count") ?? "8192", CultureInfo.InvariantCulture);
int rounds = int.Parse(Argument("--rounds") ?? "3", CultureInfo.InvariantCulture);
if (Argument("--torch-threads") is { } threads) set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
const int BatchSize = 64;
const string FashionMnist = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
var folder = Directory.CreateTempSubdirectory("dd-bench-torch-").FullName;
try
{
    var path = Path.Combine(folder, "images.msgpack");
    var images = Images(count);
    using (var writer = new DatasetWriter(path))
    {
        for (int i = 0; i < count; i++)
            writer.Write(new Sample($"{i:D6}") { ["image"] = PngEncoder.EncodeGray8(images[i], 28, 28), ["label"] = (long)(i % 10) });
        writer.Complete();
    }
    using var reader = new DatasetReader(path);
    Console.WriteLine($"{count:N0} samples of 28×28 grey PNG ({(File.Exists(FashionMnist) ? "Fashion-MNIST" : "noise")}, {new FileInfo(path).Length / count} B/sample); " +
        $"{Environment.ProcessorCount} cores; load average {LoadAverage()}; torch threads {get_num_threads()}; best of {rounds} rounds after a warm-up");
    var transform = FieldTransforms.Compose(FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.2860f], [0.3530f]));

    // 1. Decode cost per image, one thread: the loader's DecodeImage vs Skia.
    var pngs = Enumerable.Range(0, count).Select(i => (byte[])reader.Get(i)["image"]!).ToArray();
    var decode = FieldTransforms.DecodeImage("image");
    var random = new SampleRandom(0, 0, 0);
    var core = Best(() => { foreach (var png in pngs) decode(new Sample("k") { ["image"] = png }, random); });
    var skia = Best(() => { foreach (var png in pngs) { using var image = ImageCodec.Decode(png); ImageOps.ToFloat32Chw(image, [], []); } });
    Console.WriteLine($"decode to float32 (1, 28, 28), 1 thread: DecodeImage {PerImage(core)}; Skia (ImageCodec + ToFloat32Chw) {PerImage(skia)}; " +
        $"Skia ÷ DecodeImage {skia.Cpu / core.Cpu:0.0}× CPU, {skia.Wall / core.Wall:0.0}× wall");

    // 2. samples/s: raw reader vs loader.
    var raw = Best(() => { long keys = 0; foreach (var sample in new Shuffler(reader, seed: 1)) keys += sample.Key.Length; });
    Console.WriteLine($"raw reader (Shuffler order, no decode): {Rate(raw, count)} samples/s");
    foreach (int workers in new[] { 0, 1, 2 })
    {
        var loader = Best(() => { foreach (var batch in new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform, workers: workers)) batch.Dispose(); });
        Console.WriteLine($"loader, {workers} workers: {Rate(loader, count)} samples/s = {raw.Wall / loader.Wall:0.000}× raw (wall), " +
            $"{raw.Cpu / loader.Cpu:0.000}× raw (CPU)");
    }

    // 3. CNN training batches/s: from the loader vs from memory, alternating.
    manual_seed(1);
    var model = Sequential(Conv2d(1, 16, 3, padding: 1), ReLU(), MaxPool2d(2), Conv2d(16, 32, 3, padding: 1), ReLU(), MaxPool2d(2),
        Flatten(), Linear(32 * 7 * 7, 10));
    var optimizer = optim.SGD(model.parameters(), 0.01);
    void Step(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        functional.cross_entropy(model.forward(images), labels).backward();
        optimizer.step();
    }
    var memory = new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform)
        .Select(b => { using (b) return (b["image"].clone(), b["label"].clone()); }).ToList();
    // Rounds alternate the four feeds, so a change in load hits them alike; each keeps its best round.
    (string Name, Action Run)[] feeds =
    [
        ("from memory", () => { foreach (var (images, labels) in memory) Step(images, labels); }),
        .. new[] { 0, 1, 2 }.Select(workers => ($"from the loader, {workers} workers", (Action)(() =>
        {
            foreach (var batch in new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform, workers: workers))
                using (batch) Step(batch["image"], batch["label"]);
        }))),
    ];
    var best = BestAlternating(feeds.Select(f => f.Run).ToArray());
    var line = "CNN training " + string.Join("; ", feeds.Select((f, i) => $"{f.Name}: {Rate(best[i], memory.Count)} batches/s" +
        (i == 0 ? "" : $" = {best[0].Wall / best[i].Wall:0.00}× memory (wall), {best[0].Cpu / best[i].Cpu:0.00}× (CPU)")));
    Console.WriteLine(line);
    Console.WriteLine($"load average after: {LoadAverage()}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

// The best (shortest wall time) of `rounds` runs after one warm-up run (JIT, page cache), with its CPU time.
(double Wall, double Cpu) Best(Action run)
{
    run();
    (double Wall, double Cpu) best = (double.MaxValue, double.MaxValue);
    for (int r = 0; r < rounds; r++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        run();
        double wall = clock.Elapsed.TotalSeconds, used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (wall < best.Wall) best = (wall, used);
    }
    return best;
}

// The best (shortest wall time) of `rounds` rounds of every run, one after another in each round, after a warm-up.
(double Wall, double Cpu)[] BestAlternating(Action[] runs)
{
    foreach (var run in runs) run();
    var best = runs.Select(_ => (Wall: double.MaxValue, Cpu: double.MaxValue)).ToArray();
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < runs.Length; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            runs[i]();
            double wall = clock.Elapsed.TotalSeconds, used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (wall < best[i].Wall) best[i] = (wall, used);
        }
    return best;
}

string PerImage((double Wall, double Cpu) t) => $"{t.Wall / count * 1e6:0.0} µs wall, {t.Cpu / count * 1e6:0.0} µs CPU";
static string Rate((double Wall, double Cpu) t, int n) => n / t.Wall < 100 ? $"{n / t.Wall:0.00}/s wall ({n / t.Cpu:0.00}/CPU-s)" : $"{n / t.Wall:N0}/s wall ({n / t.Cpu:N0}/CPU-s)";

// Fashion-MNIST's first n training images when Debian's package is installed, else seeded noise.
static byte[][] Images(int n)
{
    var result = new byte[n][];
    if (File.Exists(FashionMnist))
    {
        using var idx = new GZipStream(File.OpenRead(FashionMnist), CompressionMode.Decompress);
        idx.ReadExactly(new byte[16]); // magic, count, rows, columns
        for (int i = 0; i < n; i++) idx.ReadExactly(result[i] = new byte[28 * 28]);
        return result;
    }
    var random = new Random(1);
    for (int i = 0; i < n; i++) random.NextBytes(result[i] = new byte[28 * 28]);
    return result;
}

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
