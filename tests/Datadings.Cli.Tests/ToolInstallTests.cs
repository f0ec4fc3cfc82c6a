using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

/// <summary>The package installs as a dotnet tool and its <c>datadings</c> shim runs.</summary>
public class ToolInstallTests
{
    /// <summary>Where `dotnet pack` also makes, and `dotnet tool install` picks, the Native AOT package.</summary>
    private static bool IsLinuxX64 =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;

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
            timeoutSeconds: 600); // three packages, one of them a Native AOT compile: minutes on a loaded machine
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        Assert.True(File.Exists(Path.Combine(feed, $"Datadings.Tool.{version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"Datadings.Tool.any.{version}.nupkg")));
        if (IsLinuxX64)
            Assert.True(File.Exists(Path.Combine(feed, $"Datadings.Tool.linux-x64.{version}.nupkg")));

        var install = CliRunner.RunProcess("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", feed, "Datadings.Tool", "--version", version],
            environment: new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir.Path, "packages") },
            timeoutSeconds: 180);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        string shim = Path.Combine(tools, OperatingSystem.IsWindows() ? "datadings.exe" : "datadings");
        // On linux-x64 the installed command is the Native AOT executable itself (no runtime, no IL beside it).
        if (IsLinuxX64)
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(tools, new FileInfo(shim).LinkTarget ?? shim)))!, "*.dll"));
        var versionRun = CliRunner.RunProcess(shim, ["--version"]);
        versionRun.AssertSuccess();
        Assert.StartsWith(version, versionRun.Stdout.Trim());

        var info = CliRunner.RunProcess(shim, ["info", SharedVectors.Dataset("two")]);
        info.AssertSuccess();
        Assert.Contains("samples:  2", info.Stdout);

        // `report` draws its chart with ScottPlot on SkiaSharp: the package must carry the native Skia library.
        string card = Path.Combine(dir.Path, "card.html");
        var report = CliRunner.RunProcess(shim, ["report", TestData.Generated(dir, "labelled", 6), "-o", card]);
        report.AssertSuccess();
        Assert.Contains("data:image/png;base64,", File.ReadAllText(card));
    }

    [Fact]
    public void The_readme_install_line_works_as_written()
    {
        using var dir = new TempDir();
        string readme = Path.Combine(Path.GetDirectoryName(CliRunner.CliProject)!, "..", "..", "README.md");
        string line = File.ReadAllLines(readme).Single(l => l.StartsWith("dotnet tool install", StringComparison.Ordinal)).Split('#')[0].Trim();
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("artifacts/feed", words[words.ToList().IndexOf("--add-source") + 1]);

        // What the README's line before it does (the release version, into artifacts/feed), in a folder of its own;
        // the user's tool folder and package cache are temporary ones (a stable version must not meet a stale cache).
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(dir.Path, "packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(dir.Path, "home"),
        };
        var pack = CliRunner.RunProcess("dotnet",
            ["pack", CliRunner.CliProject, "-o", Path.Combine(dir.Path, "artifacts", "feed"),
             "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(dir.Path, "build")}", "-nodeReuse:false"],
            timeoutSeconds: 900); // a from-scratch build of the tool and its dependencies (Reports, Imaging) and a Native AOT compile: minutes on a loaded machine
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);

        var install = CliRunner.RunProcess(words[0], words[1..], environment, workingDirectory: dir.Path, timeoutSeconds: 180);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        string shim = Path.Combine(dir.Path, "home", ".dotnet", "tools", OperatingSystem.IsWindows() ? "datadings.exe" : "datadings");
        var help = CliRunner.RunProcess(shim, ["--help"], environment);
        help.AssertSuccess();
        Assert.Contains("datadings [command] [options]", help.Stdout);
    }
}
