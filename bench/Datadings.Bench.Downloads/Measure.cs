using System.Diagnostics;

namespace Datadings.Bench.Downloads;

/// <summary>Timing helpers: best of N runs (the machine is shared, the minimum is the least disturbed run).</summary>
internal static class Measure
{
    public static TimeSpan Best(int runs, Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }
        return best;
    }

    /// <summary>Runs a command, failing loudly if it fails (a benchmark of a failing command measures nothing).</summary>
    public static string Run(string file, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    public static void Report(string what, TimeSpan ours, string reference, TimeSpan theirs, double target, bool higherIsBetter)
    {
        var ratio = higherIsBetter ? theirs.TotalSeconds / ours.TotalSeconds : ours.TotalSeconds / theirs.TotalSeconds;
        var ok = higherIsBetter ? ratio >= target : ratio <= target;
        Console.WriteLine($"{what,-34} ours {ours.TotalSeconds,7:0.000} s   {reference,-14} {theirs.TotalSeconds,7:0.000} s   ratio {ratio:0.00} (target {(higherIsBetter ? "≥" : "≤")} {target:0.0}) {(ok ? "OK" : "MISSED")}");
    }
}
