using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

/// <summary>The package installs as a dotnet tool and its <c>datadings</c> shim runs.</summary>
public class ToolInstallTests
{
    [Fact]
    public void Packed_tool_installs_from_a_local_feed_and_runs()
    {
        using var dir = new TempDir();
        // A unique prerelease version, so no NuGet cache can serve a stale package under the same number.
        string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string feed = Path.Combine(dir.Path, "feed");
        string tools = Path.Combine(dir.Path, "tools");

        // Built under its own artifacts path so the tool the other tests run is not rebuilt underneath them.
        var pack = CliRunner.RunProcess("dotnet",
            ["pack", CliRunner.CliProject, "-c", "Release", "-o", feed, $"-p:Version={version}",
             "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(dir.Path, "artifacts")}", "-nodeReuse:false"],
            timeoutSeconds: 240);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        Assert.True(File.Exists(Path.Combine(feed, $"Datadings.Tool.{version}.nupkg")));

        var install = CliRunner.RunProcess("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", feed, "Datadings.Tool", "--version", version],
            environment: new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir.Path, "packages") },
            timeoutSeconds: 180);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        string shim = Path.Combine(tools, OperatingSystem.IsWindows() ? "datadings.exe" : "datadings");
        var versionRun = CliRunner.RunProcess(shim, ["--version"]);
        versionRun.AssertSuccess();
        Assert.StartsWith(version, versionRun.Stdout.Trim());

        var info = CliRunner.RunProcess(shim, ["info", SharedVectors.Dataset("two")]);
        info.AssertSuccess();
        Assert.Contains("samples:  2", info.Stdout);
    }
}
