// Datadings.TorchSharp's cost, measured against baselines in the same run:
//   1. samples/s of the loader (PNG decode → normalised float32 → collated tensors) vs the raw reader (Get in the
//      same Shuffler order, no decoding), with 0 and 2 workers;
//   2. training batches/s of a small CNN fed by the loader vs the same batches as tensors already in memory.
// The dataset: N 28×28 grey PNGs with labels (Fashion-MNIST's shape), generated here with a fixed seed.
// Usage: dotnet run -c Release --project bench/Datadings.Bench.TorchSharp [-- --count 8192]
using System.Diagnostics;
using System.Globalization;
using Datadings;
using Datadings.Augments;
using Datadings.Imaging;
using Datadings.Reading;
using Datadings.TorchSharp;
using Datadings.Writing;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

int count = int.Parse(Argument("--count") ?? "8192", CultureInfo.InvariantCulture);
const int BatchSize = 64;
var folder = Directory.CreateTempSubdirectory("dd-bench-torch-").FullName;
try
{
    var path = Path.Combine(folder, "images.msgpack");
    var random = new Random(1);
    using (var writer = new DatasetWriter(path))
    {
        var pixels = new byte[28 * 28];
        for (int i = 0; i < count; i++)
        {
            random.NextBytes(pixels);
            writer.Write(new Sample($"{i:D6}") { ["image"] = PngEncoder.EncodeGray8(pixels, 28, 28), ["label"] = (long)(i % 10) });
        }
        writer.Complete();
    }
    using var reader = new DatasetReader(path);
    Console.WriteLine($"{count:N0} samples of 28×28 grey PNG; {Environment.ProcessorCount} cores; load average {LoadAverage()}; torch threads {get_num_threads()}");
    var transform = FieldTransforms.Compose(FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.5f], [0.25f]));

    // 1. samples/s: raw reader vs loader.
    for (int round = 0; round < 2; round++) // the first round warms up (JIT, page cache)
    {
        var clock = Stopwatch.StartNew();
        long keys = 0;
        foreach (var sample in new Shuffler(reader, seed: 1)) keys += sample.Key.Length;
        double raw = count / clock.Elapsed.TotalSeconds;
        var line = $"raw reader (Shuffler order, no decode): {raw:N0} samples/s";
        foreach (int workers in new[] { 0, 2 })
        {
            clock.Restart();
            foreach (var batch in new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform, workers: workers)) batch.Dispose();
            double rate = count / clock.Elapsed.TotalSeconds;
            line += $"; loader, {workers} workers: {rate:N0} samples/s = {rate / raw:0.00}× raw";
        }
        if (round == 1) Console.WriteLine(line);
    }

    // 2. training batches/s: from the loader vs from memory.
    TorchSharp.torch.random.manual_seed(1);
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
    var memory = new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform, workers: 2)
        .Select(b => (b["image"].clone(), b["label"].clone())).ToList();
    for (int round = 0; round < 2; round++)
    {
        var clock = Stopwatch.StartNew();
        foreach (var (images, labels) in memory) Step(images, labels);
        double fromMemory = memory.Count / clock.Elapsed.TotalSeconds;
        var line = $"CNN training from memory: {fromMemory:N1} batches/s";
        foreach (int workers in new[] { 0, 2 })
        {
            clock.Restart();
            int batches = 0;
            foreach (var batch in new DatadingsLoader(new Shuffler(reader, seed: 1), BatchSize, transform, workers: workers))
                using (batch)
                {
                    Step(batch["image"], batch["label"]);
                    batches++;
                }
            double rate = batches / clock.Elapsed.TotalSeconds;
            line += $"; from the loader, {workers} workers: {rate:N1} batches/s = {rate / fromMemory:0.00}× memory";
        }
        if (round == 1) Console.WriteLine(line);
    }
    Console.WriteLine($"load average after: {LoadAverage()}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
