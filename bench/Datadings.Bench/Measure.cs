using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Datadings.Bench;

internal static partial class Measure
{
    /// <summary>User + system seconds of this process so far, every thread (on a busy machine wall time is mostly waiting for a core).</summary>
    public static double ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>User + system seconds of all children waited for so far (Linux getrusage RUSAGE_CHILDREN).</summary>
    public static double ChildrenCpu()
    {
        var usage = new long[18];
        if (GetRusage(-1, usage) != 0) return double.NaN;
        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, [Out] long[] usage);

    /// <summary>Best wall time of <paramref name="repeats"/> runs (after one warm-up run), so page cache and JIT are warm.</summary>
    public static TimeSpan Best(Action action, int repeats = 3)
    {
        action();
        var best = TimeSpan.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            if (watch.Elapsed < best) best = watch.Elapsed;
        }
        return best;
    }

    public static string Rate(double count, TimeSpan time, string unit) => $"{count / time.TotalSeconds,14:N0} {unit}/s";

    public static string MegabytesPerSecond(long bytes, TimeSpan time) => $"{bytes / time.TotalSeconds / 1e6,10:N0} MB/s";
}
