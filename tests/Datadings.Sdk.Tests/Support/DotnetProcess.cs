using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// Runs the real `dotnet` CLI as a user would, with an environment cleaned of whatever the test host's
/// own MSBuild set (those variables would make the child build use the test's MSBuild instead of its own).
/// </summary>
public sealed class DotnetProcess
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DotnetProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public int Id => _process.Id;

    public static DotnetProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key is "DOTNET_HOST_PATH" or "MSBUILD_EXE_PATH")
                info.Environment.Remove(key);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["MSBUILDTERMINALLOGGER"] = "off";
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Exited += (_, _) => wrapper._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>Waits for the exit (killing the process tree after <paramref name="timeout"/>) and returns the exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _exited.Task.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet did not finish within {timeout}. Output so far:\n{Output}");
        }
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to dotnet and every process it started (kill -9): nothing gets to clean up. Returns once they are gone.</summary>
    public void KillTree()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Ctrl+C: SIGINT, which dotnet/MSBuild turn into cancelling the running tasks. Returns false when the process had
    /// already exited (ESRCH): on a fast machine a build may finish between the line a test waits for and the signal.
    /// </summary>
    public bool Interrupt()
    {
        const int SIGINT = 2, ESRCH = 3;
        if (Kill(_process.Id, SIGINT) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH || _process.HasExited) return false;
        throw new InvalidOperationException($"kill({_process.Id}, SIGINT) failed: errno {errno}");
    }

    // libc kill(2): .NET has no API for sending SIGINT, and the kill binary may not be installed.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || _exited.Task.IsCompleted)
                throw new TimeoutException($"'{text}' did not appear. Output:\n{Output}");
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// A test that interrupts a build with SIGINT. Skipped when this process ignores SIGINT: a background job of a
/// non-interactive shell (`cmd &amp;`) starts with SIGINT ignored, children inherit that across exec, and the .NET
/// runtime keeps an inherited SIG_IGN, so the build could never see the Ctrl-C the test sends.
/// </summary>
public sealed class InterruptibleFactAttribute : FactAttribute
{
    public InterruptibleFactAttribute()
    {
        if (SigintIgnored()) Skip = "SIGINT is ignored by this test process (started as a background job?), so an interrupt cannot reach the build";
    }

    private static bool SigintIgnored()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return false;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask)
            && (mask & (1UL << (2 - 1))) != 0; // bit n-1 for signal n; SIGINT = 2
    }
}
