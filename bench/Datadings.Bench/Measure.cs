using System.Diagnostics;

namespace Datadings.Bench;

internal static class Measure
{
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
