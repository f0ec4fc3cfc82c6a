using System.Diagnostics;

namespace Datadings.Bench;

/// <summary>
/// Whole-process time of <c>datadings info</c> (which decodes every sample: <c>--scan all</c> is its default) on a
/// dataset of <c>samples</c> samples, next to <c>cat</c> of the same files, each run <c>runs</c> times interleaved;
/// medians of wall time and of CPU time (user + system, from getrusage of the children: on a busy machine wall time
/// is mostly waiting for a core, CPU time is what the command costs). 1,000 samples measure start-up; millions
/// measure the full scan.
/// </summary>
internal static class StartupBenchmark
{
    public static void Run(string directory, IReadOnlyList<string> commands, int runs, int samples = 1000, int sampleBytes = 500)
    {
        var name = $"info{samples}.msgpack";
        var dataset = DatasetGenerator.Create(Path.Combine(directory, name), samples, sampleBytes);
        var files = Directory.GetFiles(directory, name + "*").Order().ToArray();
        var subjects = new List<(string Label, string File, string[] Args)> { ("cat of the dataset's files (baseline)", "cat", files) };
        foreach (var command in commands)
        {
            // "dotnet some.dll" or a path to an executable.
            var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            subjects.Add(($"{command} info", parts[0], [.. parts[1..], "info", dataset.Path]));
        }
        Console.WriteLine($"-- info on {samples:N0} samples of ~{sampleBytes} B ({dataset.DataBytes / 1e6:N0} MB): whole-process time, median of {runs} interleaved runs, load {File.ReadAllText("/proc/loadavg").Trim()}");
        var wall = subjects.Select(_ => new List<double>()).ToArray();
        var cpu = subjects.Select(_ => new List<double>()).ToArray();
        for (int run = 0; run < runs; run++)
            for (int i = 0; i < subjects.Count; i++)
            {
                var (w, c) = Time(subjects[i].File, subjects[i].Args);
                wall[i].Add(w);
                cpu[i].Add(c);
            }
        double catWall = Median(wall[0]), catCpu = Median(cpu[0]);
        for (int i = 0; i < subjects.Count; i++)
            Console.WriteLine($"   {subjects[i].Label,-60} wall {Median(wall[i]) * 1000,7:N0} ms ({Median(wall[i]) / catWall,6:N1}× cat)" +
                              $"   CPU {Median(cpu[i]) * 1000,6:N0} ms ({Median(cpu[i]) / Math.Max(catCpu, 0.001),6:N1}× cat)");
        Console.WriteLine($"   load after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static (double Wall, double Cpu) Time(string file, string[] args)
    {
        var before = Measure.ChildrenCpu();
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drain = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {drain.Result}");
        return (watch.Elapsed.TotalSeconds, Measure.ChildrenCpu() - before);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
