using System.Diagnostics;
using Datadings.Operations;

namespace Datadings.Cli;

/// <summary>
/// Shows operation progress on stderr: a live, rewritten line (percent, rate, ETA) when stderr is a terminal,
/// otherwise plain lines at most every few seconds so logs stay readable. Results go to stdout.
/// </summary>
internal sealed class OperationReporter : IProgress<OperationProgress>
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly bool _quiet;
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceStart = new();
    private readonly Stopwatch _sinceReport = new();
    private string? _output;

    public OperationReporter(bool quiet) => _quiet = quiet;

    public void Report(OperationProgress value)
    {
        if (_quiet) return;
        if (value.Output != _output)
        {
            _output = value.Output;
            _sinceStart.Restart();
            _sinceReport.Restart();
        }
        bool finished = value.Done >= value.Total;
        if (!finished && _sinceReport.Elapsed < (_terminal ? TerminalInterval : LogInterval)) return;
        _sinceReport.Restart();

        string line = $"{value.Operation}: {Path.GetFileName(value.Output)} {Describe(value)}";
        if (_terminal)
            Console.Error.Write($"\r{line,-79}{(finished ? "\n" : "")}");
        else if (!finished)
            Console.Error.WriteLine(line);
    }

    /// <summary>Prints what was written (stdout) and any notes (stderr).</summary>
    public void Summarize(OperationResult result)
    {
        foreach (string note in result.Notes)
            Console.Error.WriteLine($"datadings: note: {note}");
        if (_quiet) return;
        foreach (var output in result.Outputs)
            Console.WriteLine($"wrote {output.Path} ({output.Count} samples)");
    }

    private string Describe(OperationProgress value)
    {
        double seconds = Math.Max(_sinceStart.Elapsed.TotalSeconds, 1e-3);
        double rate = value.Done / seconds;
        string percent = value.Total == 0 ? "100" : (100.0 * value.Done / value.Total).ToString("0");
        string eta = rate > 0 && value.Done < value.Total ? $", ETA {Formatting.Duration((value.Total - value.Done) / rate)}" : "";
        return $"{percent}% ({value.Done}/{value.Total}, {rate:0} samples/s{eta})";
    }
}
