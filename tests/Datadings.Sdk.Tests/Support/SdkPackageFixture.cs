using System.Reflection;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// Packs the already-built Datadings.Sdk once per test run with a unique prerelease version into a temp feed,
/// and gives every end-to-end test a folder whose NuGet.config lists that feed plus nuget.org, as a user
/// would have. The unique version means no NuGet cache anywhere can serve a stale package.
/// </summary>
public sealed class SdkPackageFixture : IAsyncLifetime
{
    private static readonly Assembly TestAssembly = typeof(SdkPackageFixture).Assembly;

    public TempDirectory Root { get; } = new("dd-e2e");

    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public string Feed => Root.Combine("feed");

    /// <summary>One NuGet package folder for the whole run: restores after the first are local.</summary>
    public string Packages => Root.Combine("packages");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The configuration the repository's projects (the SDK, the CLI) were built in.</summary>
    public static string Configuration => Metadata("Configuration");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var project = Path.Combine(RepositoryRoot, "sdk", "Datadings.Sdk", "Datadings.Sdk.csproj");
        var pack = DotnetProcess.Start(Root.Path, new Dictionary<string, string?>(),
            "pack", project, "--no-build", "--no-restore", "-c", Configuration, "-o", Feed,
            $"-p:Version={Version}", "-nodeReuse:false", "-v:q");
        var exitCode = await pack.WaitAsync(TimeSpan.FromMinutes(3));
        if (exitCode != 0 || !File.Exists(Path.Combine(Feed, $"Datadings.Sdk.{Version}.nupkg")))
            throw new InvalidOperationException($"Packing Datadings.Sdk failed ({exitCode}):\n{pack.Output}");

        await File.WriteAllTextAsync(Root.Combine("NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="datadings-e2e" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>A new project folder under the run's root (so it picks up the run's NuGet.config).</summary>
    public string NewFolder(string name)
    {
        var path = Root.Combine(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task DisposeAsync()
    {
        Root.Dispose();
        return Task.CompletedTask;
    }

    private static string Metadata(string key) =>
        TestAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<SdkPackageFixture>
{
    public const string Name = "End-to-end builds";
}
