using System.Diagnostics;
using System.Reflection;

namespace Datadings.Cli.Tests;

/// <summary>The outcome of one run of the tool.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts the failure contract: the given exit code and exactly one <c>datadings: error:</c> line, no stack trace.</summary>
    public string AssertOneErrorLine(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"exit code {ExitCode}, expected {exitCode}; stderr: {Stderr}");
        string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith("datadings: error: ", line);
        Assert.DoesNotContain("   at ", Stderr);
        return line;
    }

    public void AssertSuccess() => Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Stderr}");
}

/// <summary>Runs the built <c>datadings</c> tool (or an installed shim) as a child process.</summary>
public static class CliRunner
{
    private static string Metadata(string key) => typeof(CliRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string CliAssembly => Metadata("CliAssemblyPath");

    public static string CliProject => Metadata("CliProjectPath");

    public static CliResult Run(params string[] args) => RunProcess("dotnet", [CliAssembly, .. args]);

    public static CliResult RunProcess(string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeoutSeconds}s");
        }
        return new CliResult(process.ExitCode, stdout.Result.Replace("\r\n", "\n"), stderr.Result.Replace("\r\n", "\n"));
    }
}
