using System.Diagnostics;
using Datadings.Writing;

namespace Datadings.Bench;

internal sealed record GeneratedDataset(string Path, int Count, long DataBytes, TimeSpan WriteTime);

internal static class DatasetGenerator
{
    /// <summary>
    /// Writes {key, image: bytes, label: int} samples of about <paramref name="sampleBytes"/> each (best of
    /// <paramref name="repeats"/> writes), then times <c>md5sum</c> and <c>cp</c> as processes on the written data
    /// file: the writer hashes and writes the same bytes, so md5sum's throughput is the bar for writing.
    /// </summary>
    public static GeneratedDataset Create(string path, int count, int sampleBytes, int repeats = 1)
    {
        var payload = new byte[sampleBytes - 24];
        new Random(1).NextBytes(payload);
        var best = TimeSpan.MaxValue;
        double bestCpu = double.NaN;
        for (int run = 0; run < repeats; run++)
        {
            double cpuBefore = Measure.ProcessCpu();
            var watch = Stopwatch.StartNew();
            Write(path, count, payload);
            if (watch.Elapsed < best) (best, bestCpu) = (watch.Elapsed, Measure.ProcessCpu() - cpuBefore);
        }
        var dataBytes = new FileInfo(path).Length;
        double childrenBefore = Measure.ChildrenCpu();
        var md5sum = Measure.Best(() => RunTool("md5sum", path));
        double md5sumCpu = (Measure.ChildrenCpu() - childrenBefore) / 4; // Best: one warm-up and three timed runs
        // cp writes the same bytes through the page cache: when it is slower than md5sum, the disk is the limit.
        string copy = path + ".cp";
        var cp = Measure.Best(() => RunTool("cp", path, copy));
        File.Delete(copy);
        string name = System.IO.Path.GetFileName(path);
        Console.WriteLine($"md5sum  {name,-16} {count,9:N0} samples {Measure.Rate(count, md5sum, "samples")} {Measure.MegabytesPerSecond(dataBytes, md5sum)} (baseline: a process, page cache warm)");
        Console.WriteLine($"cp      {name,-16} {count,9:N0} samples {Measure.Rate(count, cp, "samples")} {Measure.MegabytesPerSecond(dataBytes, cp)} (second baseline: the same bytes written by cp)");
        Console.WriteLine($"write   {name,-16} {count,9:N0} samples {Measure.Rate(count, best, "samples")} {Measure.MegabytesPerSecond(dataBytes, best)}   {md5sum / best,5:0.00}x of md5sum {cp / best,5:0.00}x of cp (incl. index files, .md5, atomic rename)");
        // CPU time is the work done whatever the load; the writer's at least md5sum's (it hashes the same bytes).
        Console.WriteLine($"        CPU (user + system): write {bestCpu:N2} s, md5sum {md5sumCpu:N2} s = {bestCpu / md5sumCpu:N2}x md5sum's");
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

    internal static void RunTool(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} exited with {process.ExitCode}");
    }
}
