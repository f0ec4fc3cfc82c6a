using System.Diagnostics;
using Datadings.Operations;
using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Bench;

/// <summary>
/// Time and peak resident set of a bounded-memory shuffle, next to a plain File.Copy of the same data file and a
/// shuffle that reads in shuffled order through the memory map (what the budget avoids), all in one process.
/// </summary>
internal static class ShuffleMemoryBenchmark
{
    public static void Run(string directory, long sizeMegabytes, long budgetMegabytes)
    {
        const int sampleBytes = 100_000;
        int count = checked((int)(sizeMegabytes * 1_000_000 / sampleBytes));
        var dataset = DatasetGenerator.Create(Path.Combine(directory, "shuffle-in.msgpack"), count, sampleBytes);
        Console.WriteLine($"-- shuffle of {count:N0} samples, {dataset.DataBytes / 1e6:N0} MB, budget {budgetMegabytes} MiB (page cache warm: the file was just written)");
        Console.WriteLine($"   process before: {PeakResident.Describe()}");

        Report("File.Copy of the data file (baseline)", () => File.Copy(dataset.Path, Path.Combine(directory, "copy.msgpack"), overwrite: true));
        Report($"ShuffleOperation, budget {budgetMegabytes} MiB", () => ShuffleOperation.Run(dataset.Path, Path.Combine(directory, "bounded.msgpack"),
            new ShuffleOptions { MemoryBudgetBytes = budgetMegabytes << 20, Overwrite = true }));
        Report("shuffled reads through the memory map", () => MappedOrderShuffle(dataset.Path, Path.Combine(directory, "mapped.msgpack")));

        Console.WriteLine($"   bounded and mapped outputs identical: {SameData(directory)}");
    }

    private static bool SameData(string directory) =>
        Md5Of(Path.Combine(directory, "bounded.msgpack")) == Md5Of(Path.Combine(directory, "mapped.msgpack"));

    private static string Md5Of(string path) => IndexFiles.Md5File.HashFile(path);

    private static void Report(string label, Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        PeakResident.Reset();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        Console.WriteLine($"   {label,-44} {watch.Elapsed.TotalSeconds,7:N2} s   {PeakResident.Describe()}");
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
