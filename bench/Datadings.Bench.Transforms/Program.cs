// Resizes 10,000 JPEG photos to 224×224 and re-encodes them as JPEG (quality 90) through TransformOperation, on one
// thread and on every core, and runs the same job with Python Pillow (Debian python3-pil) on the same files in the
// same run; then measures a rebuild with 1 % of the photos changed against the full build, through the cache.
// On a busy machine wall-clock rates swing with the load, so it also prints samples per CPU-second of the process
// (the per-core comparison that load does not distort).
// The photos are generated here from python3-skimage's sample photographs (crops, flips, sizes 256–640 px).
// Usage: dotnet run -c Release --project bench/Datadings.Bench.Transforms [-- --count 10000 --dir DIR --filter bilinear --rebuild-only]
// --rebuild-only skips Pillow and the uncached runs: only the full build through the cache and the 1 % rebuild.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Datadings;
using Datadings.Imaging;
using Datadings.Transforms;
using Datadings.Writing;

var count = int.Parse(Argument("--count") ?? "10000", CultureInfo.InvariantCulture);
var pillowFilter = Argument("--filter") ?? "bilinear";
var skimage = Argument("--skimage") ?? "/usr/lib/python3/dist-packages/skimage/data";
var root = Argument("--dir") ?? Directory.CreateTempSubdirectory("dd-bench-transform-").FullName;
var keep = Argument("--dir") is not null;
var rebuildOnly = args.Contains("--rebuild-only");
const string Script = "image = image | decode | resize 224x224 | encode jpeg quality=90";

try
{
    var photosDir = Path.Combine(root, "jpeg");
    var input = Path.Combine(root, "photos.msgpack");
    Console.WriteLine($"Generating {count:N0} JPEG photos from {skimage} …");
    var sources = Generate(count, skimage, rebuildOnly ? null : photosDir, input, variant: 0);
    Console.WriteLine($"  {count:N0} JPEGs, {sources / 1e6:0.0} MB, mean {sources / count / 1000.0:0.0} kB; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
    var script = TransformScript.Parse(Script);
    if (!rebuildOnly) CompareWithPillow();
    Rebuild();
    Console.WriteLine($"Load average after the run: {LoadAverage()}");
    return 0;

    void CompareWithPillow()
    {
        // Pillow, one process = one core.
        var pillowScript = Path.Combine(AppContext.BaseDirectory, "pillow_resize.py");
        var pillowOutputs = Path.Combine(root, "pillow-out");
        var pillow = RunPillow(pillowScript, photosDir, pillowFilter, pillowOutputs);
        Console.WriteLine($"Pillow {pillowFilter}, 1 core: {pillow.Rate:N0} samples/s wall, {pillow.CpuRate:N0} samples per CPU-second, mean output {pillow.MeanBytes / 1000:0.0} kB");

        // .NET without cache: 1 thread and all cores, outputs compared.
        var rates = new Dictionary<int, double>();
        string? firstMd5 = null;
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var output = Path.Combine(root, $"out-{threads}.msgpack");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            TransformOperation.Run(input, output, script, new TransformOptions { Threads = threads, Overwrite = true });
            rates[threads] = count / clock.Elapsed.TotalSeconds;
            var cpuRate = count / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(output)));
            firstMd5 ??= md5;
            Console.WriteLine($"Datadings.Imaging, {threads} thread(s): {rates[threads]:N0} samples/s wall = {rates[threads] / pillow.Rate:0.00}× Pillow's wall rate;"
                + $" {cpuRate:N0} samples per CPU-second = {cpuRate / pillow.CpuRate:0.00}× Pillow per core; output {(md5 == firstMd5 ? "identical to 1 thread" : "DIFFERS from 1 thread")}");
        }
        Quality(Path.Combine(root, "out-1.msgpack"), pillowOutputs);
    }

    void Rebuild()
    {
        // Through the cache: a cold full build, then 1 % of the photos changed.
        var cacheDir = Path.Combine(root, "cache");
        var all = Environment.ProcessorCount;
        double full, partial, fullCpu, partialCpu;
        using (var cache = TransformCache.Open(cacheDir, 10L << 30))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            TransformOperation.Run(input, Path.Combine(root, "cached.msgpack"), script, new TransformOptions { Threads = all, Cache = cache, Overwrite = true });
            full = clock.Elapsed.TotalSeconds;
            fullCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
        Generate(count, skimage, null, input, variant: 1); // every 100th photo is a different crop
        using (var cache = TransformCache.Open(cacheDir, 10L << 30))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (_, counts) = TransformOperation.Run(input, Path.Combine(root, "cached.msgpack"), script, new TransformOptions { Threads = all, Cache = cache, Overwrite = true });
            partial = clock.Elapsed.TotalSeconds;
            partialCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"Full build through the cache ({all} threads): {full:0.00} s wall, {fullCpu:0.00} s CPU; rebuild with {counts.SamplesComputed:N0} of {counts.Samples:N0} photos changed: "
                + $"{partial:0.00} s wall = {100 * partial / full:0.0} % of the full build, {partialCpu:0.00} s CPU = {100 * partialCpu / fullCpu:0.0} %");
            // Nothing changed: the floor every unchanged sample costs (best of 3).
            var floor = Enumerable.Range(0, 3).Select(_ =>
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var clock0 = Stopwatch.StartNew();
                TransformOperation.Run(input, Path.Combine(root, "cached.msgpack"), script, new TransformOptions { Threads = all, Cache = cache, Overwrite = true });
                return (Wall: clock0.Elapsed.TotalSeconds, Cpu: (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
            }).MinBy(t => t.Cpu);
            Console.WriteLine($"Rebuild with nothing changed (best of 3): {floor.Wall:0.00} s wall = {100 * floor.Wall / full:0.0} %, {floor.Cpu:0.00} s CPU = {100 * floor.Cpu / fullCpu:0.0} % "
                + $"= {1000 * floor.Cpu / count:0.000} ms CPU per sample");
        }
    }
}
finally
{
    if (!keep) Directory.Delete(root, recursive: true);
}

// Crops (256–640 px, varying aspect), mirrored on odd indices, of the skimage colour photos, as JPEG quality 90.
// variant 1 changes every 100th photo (a shifted crop), for the 1 % rebuild.
static long Generate(int count, string skimage, string? folder, string dataset, int variant)
{
    string[] names = ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png", "motorcycle_right.png", "hubble_deep_field.jpg", "retina.jpg", "immunohistochemistry.png", "color.png"];
    var photos = names.Select(n => Path.Combine(skimage, n)).Where(File.Exists).Select(p => ImageCodec.Decode(File.ReadAllBytes(p))).ToList();
    if (photos.Count == 0) throw new FileNotFoundException($"no skimage photos in {skimage} (apt-get install python3-skimage)");
    if (folder is not null) Directory.CreateDirectory(folder);
    long bytes = 0;
    var encoded = new byte[count][];
    Parallel.For(0, count, i =>
    {
        var photo = photos[i % photos.Count];
        int shift = variant == 1 && i % 100 == 0 ? 17 : 0;
        int w = Math.Min(photo.Width, 256 + (i * 37 % 385)), h = Math.Min(photo.Height, 256 + (i * 53 % 385));
        using var crop = ImageOps.Crop(photo, (i * 31 + shift) % (photo.Width - w + 1), (i * 47 + shift) % (photo.Height - h + 1), w, h);
        using var oriented = i % 2 == 1 ? ImageOps.Flip(crop, horizontal: true) : ImageOps.Rotate(crop, 0);
        using var rgb = ImageOps.ToRgb(oriented);
        encoded[i] = ImageCodec.Encode(rgb, ImageFormat.Jpeg, 90);
    });
    using (var writer = new DatasetWriter(dataset, new DatasetWriterOptions { Overwrite = true }))
    {
        for (int i = 0; i < count; i++)
        {
            writer.Write(new Sample($"{i:D5}.jpg") { ["image"] = encoded[i] });
            if (folder is not null) File.WriteAllBytes(Path.Combine(folder, $"{i:D5}.jpg"), encoded[i]);
            bytes += encoded[i].Length;
        }
        writer.Complete();
    }
    photos.ForEach(p => p.Dispose());
    return bytes;
}

// Output quality of the first 200 photos, as mean absolute difference per channel value (0–255) of the decoded
// 224×224 outputs: ours (reduced JPEG decode + default filter + JPEG) against Pillow's output, and against a
// reference without the reduced decode (full decode, Mitchell–Netravali cubic resize, no JPEG round trip).
static void Quality(string ours, string pillowFolder)
{
    using var reader = new Datadings.Reading.DatasetReader(ours);
    using var source = new Datadings.Reading.DatasetReader(Path.Combine(Path.GetDirectoryName(ours)!, "photos.msgpack"));
    double vsPillow = 0, vsReference = 0, pillowVsReference = 0;
    int n = Math.Min(200, reader.Count);
    for (int i = 0; i < n; i++)
    {
        using var mine = ImageOps.ToRgb(ImageCodec.Decode((byte[])reader[i]["image"]!));
        using var theirs = ImageCodec.Decode(File.ReadAllBytes(Path.Combine(pillowFolder, $"{i:D5}.jpg")));
        using var full = ImageCodec.Decode((byte[])source[i]["image"]!);
        using var resized = ImageOps.Resize(full, 224, 224, ResizeFilter.Mitchell, AspectPolicy.Stretch);
        using var reference = ImageOps.ToRgb(resized);
        vsPillow += MeanAbsDifference(mine, theirs);
        vsReference += MeanAbsDifference(mine, reference);
        pillowVsReference += MeanAbsDifference(theirs, reference);
    }
    Console.WriteLine($"Quality, first {n} outputs, mean |difference| per channel value (0–255): ours vs Pillow {vsPillow / n:0.00}; "
        + $"ours vs full-decode Mitchell reference {vsReference / n:0.00}; Pillow vs the same reference {pillowVsReference / n:0.00}");
}

static double MeanAbsDifference(RasterImage a, RasterImage b)
{
    var x = ImageOps.ToUint8Hwc(a).Data.Span;
    var y = ImageOps.ToUint8Hwc(b).Data.Span;
    if (x.Length != y.Length) throw new InvalidOperationException($"{a.Width}x{a.Height}x{a.Channels} vs {b.Width}x{b.Height}x{b.Channels}");
    long sum = 0;
    for (int i = 0; i < x.Length; i++) sum += Math.Abs(x[i] - y[i]);
    return (double)sum / x.Length;
}

static (double Rate, double CpuRate, double MeanBytes) RunPillow(string script, string folder, string filter, string keep)
{
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { script, folder, "224", "90", filter, keep }) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"Pillow failed (apt-get install python3-pil): {error}");
    var parts = output.Trim().Split(' ');
    return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

string? Argument(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
