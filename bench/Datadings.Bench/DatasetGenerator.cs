using System.Diagnostics;
using Datadings.Writing;

namespace Datadings.Bench;

internal sealed record GeneratedDataset(string Path, int Count, long DataBytes, TimeSpan WriteTime);

internal static class DatasetGenerator
{
    /// <summary>Writes {key, image: bytes, label: int} samples of about <paramref name="sampleBytes"/> each, timing the writer.</summary>
    public static GeneratedDataset Create(string path, int count, int sampleBytes)
    {
        var payload = new byte[sampleBytes - 24];
        new Random(1).NextBytes(payload);
        var watch = Stopwatch.StartNew();
        using (var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true }))
        {
            var sample = new Sample("0") { ["image"] = payload, ["label"] = 0L };
            for (int i = 0; i < count; i++)
            {
                sample.Key = i.ToString("D8");
                sample["label"] = (long)(i % 10);
                writer.Write(sample);
            }
            writer.Complete();
        }
        watch.Stop();
        var dataBytes = new FileInfo(path).Length;
        Console.WriteLine($"write   {System.IO.Path.GetFileName(path),-16} {count,9:N0} samples {Measure.Rate(count, watch.Elapsed, "samples")} {Measure.MegabytesPerSecond(dataBytes, watch.Elapsed)} (incl. index files, .md5, atomic rename)");
        return new GeneratedDataset(path, count, dataBytes, watch.Elapsed);
    }
}
