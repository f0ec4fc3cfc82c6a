using System.Diagnostics;
using Datadings.Operations;
using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Bench;

/// <summary>
/// Time and peak resident set of a bounded-memory shuffle, next to <c>cp</c> of the same data file (a separate
/// process) and a shuffle that reads in shuffled order through the memory map (what the budget avoids), in one run.
/// Each is measured <c>runs</c> times, interleaved, and the median is printed. With <c>cold</c> the input's pages are
/// dropped from the page cache (posix_fadvise DONTNEED) before each step: the data is then read from disk, as when
/// it does not fit in memory.
/// </summary>
internal static class ShuffleMemoryBenchmark
{
    public static void Run(string directory, long sizeMegabytes, long budgetMegabytes, int runs, bool cold)
    {
        const int sampleBytes = 100_000;
        int count = checked((int)(sizeMegabytes * 1_000_000 / sampleBytes));
        var dataset = DatasetGenerator.Create(Path.Combine(directory, "shuffle-in.msgpack"), count, sampleBytes);
        Console.WriteLine($"-- shuffle of {count:N0} samples, {dataset.DataBytes / 1e6:N0} MB, budget {budgetMegabytes} MiB, " +
                          (cold ? "input dropped from the page cache before each step" : "page cache warm"));
        Console.WriteLine($"   process before: {PeakResident.Describe()}");

        var copy = new List<Step>();
        var md5sum = new List<Step>();
        var bounded = new List<Step>();
        var mapped = new List<Step>();
        bool identical = true;
        for (int run = 1; run <= runs; run++)
        {
            // Each output is deleted after its step, so a tmpfs --dir holds at most the input and one output.
            Console.WriteLine($"   run {run}, load {File.ReadAllText("/proc/loadavg").Trim()}");
            copy.Add(Report("cp of the data file (baseline, a process)", dataset.Path, cold,
                () => DatasetGenerator.RunTool("cp", dataset.Path, Path.Combine(directory, "copy.msgpack")), inProcess: false));
            Delete(directory, "copy.msgpack");
            md5sum.Add(Report("md5sum of the data file (a process)", dataset.Path, cold,
                () => DatasetGenerator.RunTool("md5sum", dataset.Path), inProcess: false));
            bounded.Add(Report($"ShuffleOperation, budget {budgetMegabytes} MiB", dataset.Path, cold,
                () => ShuffleOperation.Run(dataset.Path, Path.Combine(directory, "bounded.msgpack"),
                    new ShuffleOptions { MemoryBudgetBytes = budgetMegabytes << 20, Overwrite = true })));
            string boundedMd5 = DataMd5(Path.Combine(directory, "bounded.msgpack.md5"));
            Delete(directory, "bounded.msgpack");
            mapped.Add(Report("shuffled reads through the memory map", dataset.Path, cold,
                () => MappedOrderShuffle(dataset.Path, Path.Combine(directory, "mapped.msgpack"))));
            identical &= boundedMd5 == DataMd5(Path.Combine(directory, "mapped.msgpack.md5"));
            Delete(directory, "mapped.msgpack");
        }
        double cp = Median(copy, s => s.Wall), shuffle = Median(bounded, s => s.Wall), map = Median(mapped, s => s.Wall);
        double gigabytes = dataset.DataBytes / 1e9;
        double cpCpu = Median(copy, s => s.Cpu), md5Cpu = Median(md5sum, s => s.Cpu), shuffleCpu = Median(bounded, s => s.Cpu);
        Console.WriteLine($"   median of {runs}: cp {cp:N2} s, md5sum {Median(md5sum, s => s.Wall):N2} s, shuffle {shuffle:N2} s = {shuffle / cp:N2}× cp " +
                          $"(median of per-run ratios {Median(Enumerable.Range(0, runs).Select(r => bounded[r].Wall / copy[r].Wall).ToList()):N2}×), " +
                          $"shuffled mapped reads {map:N2} s = {map / shuffle:N2}× the shuffle's time");
        // CPU time is the work done, whatever the load: a shuffle must at least copy (cp) and hash (md5sum) the bytes.
        Console.WriteLine($"   CPU (user + system), median, per GB: cp {cpCpu / gigabytes:N2} s, md5sum {md5Cpu / gigabytes:N2} s, " +
                          $"shuffle {shuffleCpu / gigabytes:N2} s = {shuffleCpu / cpCpu:N2}× cp, {shuffleCpu / (cpCpu + md5Cpu):N2}× cp + md5sum");
        Console.WriteLine($"   bounded and mapped data files identical (their MD5s): {identical}");
    }

    private readonly record struct Step(double Wall, double Cpu);

    /// <summary>The data file's MD5 from a .md5 file (its first line).</summary>
    private static string DataMd5(string md5File) => File.ReadLines(md5File).First().Split(' ')[0];

    private static void Delete(string directory, string name)
    {
        foreach (var file in Directory.GetFiles(directory, name + "*")) File.Delete(file);
    }

    private static double Median(List<Step> steps, Func<Step, double> value) => Median(steps.Select(value).ToList());

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static Step Report(string label, string input, bool cold, Action action, bool inProcess = true)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (cold) PageCache.Drop(input);
        PeakResident.Reset();
        double cpuBefore = inProcess ? Measure.ProcessCpu() : Measure.ChildrenCpu();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        double cpu = (inProcess ? Measure.ProcessCpu() : Measure.ChildrenCpu()) - cpuBefore;
        Console.WriteLine($"   {label,-44} {watch.Elapsed.TotalSeconds,7:N2} s, CPU {cpu,6:N2} s   {(inProcess ? PeakResident.Describe() : "(another process)")}");
        return new Step(watch.Elapsed.TotalSeconds, cpu);
    }

    /// <summary>The pre-budget approach: every sample read through the mapping in output order.</summary>
    private static void MappedOrderShuffle(string input, string output)
    {
        using var reader = new DatasetReader(input);
        int[] order = ShuffleOrder.Shuffler(reader.Count, ShuffleOrder.DefaultShufflerSeed(reader.Count));
        using var writer = new DatasetWriter(output, new DatasetWriterOptions { Overwrite = true });
        foreach (int index in order) writer.WriteRaw(reader.GetKey(index), reader.GetRawSpan(index));
        writer.Complete();
    }
}

/// <summary>Peak resident set size (VmHWM) of this process, resettable through /proc/self/clear_refs (Linux).</summary>
internal static class PeakResident
{
    public static void Reset()
    {
        // "5" resets the peak RSS to the current RSS (Linux ≥ 4.0).
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public static string Describe() =>
        File.Exists("/proc/self/status")
            ? $"peak RSS {Field("VmHWM") / 1024.0,7:N0} MiB (RSS now {Field("VmRSS") / 1024.0:N0} MiB)"
            : "peak RSS n/a (not Linux)";

    private static long Field(string name)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0]);
    }
}

/// <summary>Evicts a file's clean pages from the page cache (Linux; no privileges needed), so the next read hits the disk.</summary>
internal static partial class PageCache
{
    public static void Drop(string path)
    {
        using var handle = File.OpenHandle(path);
        const int dontNeed = 4; // POSIX_FADV_DONTNEED
        int error = Fadvise((int)handle.DangerousGetHandle(), 0, 0, dontNeed);
        if (error != 0) Console.WriteLine($"   (posix_fadvise failed with {error}: the page cache stays warm)");
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(int fd, long offset, long length, int advice);
}
