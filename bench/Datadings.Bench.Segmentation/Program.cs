// Pixel relabel of Cityscapes-sized label images (1024×2048, 8-bit grey labelIds) through the shipped trainIds map:
// images/s for decode + lookup-table relabel + lossless encode, against decode + encode alone (the baseline, same
// images, same run), on 1 thread and on every core. The label images are generated here: blocks of Cityscapes labelIds
// with ragged edges, so they compress about like real masks.
// Usage: dotnet run -c Release --project bench/Datadings.Bench.Segmentation [-- --count 1000 --map sdk/Datadings.Sdk/LabelMaps/cityscapes-trainids.json]
using System.Diagnostics;
using System.Globalization;
using Datadings.Imaging;
using Datadings.Operations;

int count = int.Parse(Argument("--count") ?? "1000", CultureInfo.InvariantCulture);
string mapPath = Argument("--map") ?? "sdk/Datadings.Sdk/LabelMaps/cityscapes-trainids.json";
const int Width = 2048, Height = 1024;

var table = new PixelLabelTable(LabelMap.Load(mapPath), unknownToIgnore: false);
// A few distinct images, reused round-robin, keep generation and memory small.
var images = Enumerable.Range(0, Math.Min(count, 16)).Select(Generate).ToArray();
Console.WriteLine($"{count:N0} label images of {Width}×{Height}, {images.Average(i => i.Length) / 1e3:N0} kB PNG each on average; "
    + $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
{
    double baseline = Rate(threads, png =>
    {
        var image = PngDecoder.DecodeLabels(png);
        return PixelLabelTable.Encode(image.Ids, image.Width, image.Height, table.MaxTrainingId);
    });
    double relabel = Rate(threads, png => table.Relabel(png, "k", "label_image", out _));
    Console.WriteLine($"{threads} thread(s): decode+encode {baseline:0.0} images/s; decode+relabel+encode {relabel:0.0} images/s = {relabel / baseline:0.00}× the baseline");
}

double Rate(int threads, Func<byte[], byte[]> work)
{
    for (int i = 0; i < 2; i++) work(images[i % images.Length]); // JIT warm-up, not timed
    var clock = Stopwatch.StartNew();
    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => work(images[i % images.Length]));
    return count / clock.Elapsed.TotalSeconds;
}

static byte[] Generate(int seed)
{
    byte[] ids = [7, 8, 11, 21, 23, 24, 26, 17, 20, 0];
    var random = new Random(seed);
    var pixels = new byte[Width * Height];
    for (int y = 0; y < Height; y++)
    {
        int band = y / 128;
        for (int x = 0; x < Width; x++)
        {
            int block = (x + random.Next(4)) / 256;
            pixels[y * Width + x] = ids[(band + block * 3 + seed) % ids.Length];
        }
    }
    return PngEncoder.EncodeGray8(pixels, Width, Height);
}

string? Argument(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
