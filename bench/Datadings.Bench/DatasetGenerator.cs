using System.Diagnostics;
using Datadings.Writing;

namespace Datadings.Bench;

internal sealed record GeneratedDataset(string Path, int Count, long DataBytes, TimeSpan WriteTime);

internal static class DatasetGenerator
{
    /// <summary>
    /// Writes {key, image: bytes, label: int} samples of about <paramref name="sampleBytes"/> each (best of
    /// <paramref name="repeats"/> writes), then times <c>md5sum</c> as a process on the written data file: the
    /// writer hashes the same bytes, so md5sum's throughput is the bar for writing.
    /// </summary>
    public static GeneratedDataset Create(string path, int count, int sampleBytes, int repeats = 1)
    {
        var payload = new byte[sampleBytes - 24];
        new Random(1).NextBytes(payload);
        var best = TimeSpan.MaxValue;
        for (int run = 0; run < repeats; run++)
        {
            var watch = Stopwatch.StartNew();
            Write(path, count, payload);
            if (watch.Elapsed < best) best = watch.Elapsed;
        }
        var dataBytes = new FileInfo(path).Length;
        var md5sum = Measure.Best(() => RunMd5sum(path));
        string name = System.IO.Path.GetFileName(path);
        Console.WriteLine($"md5sum  {name,-16} {count,9:N0} samples {Measure.Rate(count, md5sum, "samples")} {Measure.MegabytesPerSecond(dataBytes, md5sum)} (baseline: a process, page cache warm)");
        Console.WriteLine($"write   {name,-16} {count,9:N0} samples {Measure.Rate(count, best, "samples")} {Measure.MegabytesPerSecond(dataBytes, best)}   {md5sum / best,5:0.00}x of md5sum (incl. index files, .md5, atomic rename)");
        return new GeneratedDataset(path, count, dataBytes, best);
    }

    private static void Write(string path, int count, byte[] payload)
    {
        using var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true });
        var sample = new Sample("0") { ["image"] = payload, ["label"] = 0L };
        for (int i = 0; i < count; i++)
        {
            sample.Key = i.ToString("D8");
            sample["label"] = (long)(i % 10);
            writer.Write(sample);
        }
        writer.Complete();
    }

    private static void RunMd5sum(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("md5sum", [path]) { RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"md5sum exited with {process.ExitCode}");
    }
}
