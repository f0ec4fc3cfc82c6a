using System.Security;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>
/// Writes real .dsproj files that reference the packed SDK by version and builds them with the real
/// `dotnet` CLI against a loopback server. Each test has its own download cache ($DATADINGS_CACHE).
/// </summary>
[Collection(EndToEndCollection.Name)]
public abstract class EndToEndTestBase(SdkPackageFixture sdk) : IAsyncLifetime
{
    protected static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    protected SdkPackageFixture Sdk { get; } = sdk;

    protected LoopbackHttpServer Server { get; } = new();

    protected string CacheDir { get; } = Path.Combine(sdk.Root.Path, "cache-" + Guid.NewGuid().ToString("N")[..8]);

    protected virtual Dictionary<string, string?> Environment => new()
    {
        ["NUGET_PACKAGES"] = Sdk.Packages,
        ["DATADINGS_CACHE"] = CacheDir,
    };

    /// <summary>A DatasetSource item served by the loopback server; returns its XML and MD5.</summary>
    protected (string Xml, string Md5, ServedFile File) ServedSource(string name, int length = 200_000, string extraMetadata = "")
    {
        var bytes = TestBytes.Random(length, name.Length * 31 + length);
        var file = Server.Serve(name, bytes);
        var md5 = TestBytes.Md5(bytes);
        return ($"""<DatasetSource Include="{name}" Url="{Server.Url(name)}" Md5="{md5}" {extraMetadata} />""", md5, file);
    }

    /// <summary>Writes NAME/NAME.dsproj around <paramref name="body"/> (what goes inside the Project element); returns its path.</summary>
    protected string WriteDsproj(string folder, string name, string body)
    {
        var directory = Path.Combine(folder, name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".dsproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Datadings.Sdk/{Sdk.Version}">
            {body}
            </Project>
            """);
        return path;
    }

    /// <summary>
    /// Writes NAME/NAME.csproj: a deterministic class library referencing this SDK's Datadings package (for custom
    /// converters and steps); returns its folder.
    /// </summary>
    protected string WriteDatadingsLibrary(string folder, string name)
    {
        var directory = Path.Combine(folder, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <Deterministic>true</Deterministic>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Datadings" Version="{Sdk.Version}" />
              </ItemGroup>
            </Project>
            """);
        return directory;
    }

    /// <summary>Writes NAME/NAME.dsproj and returns its path. Resolved sources are echoed as "RESOLVED name|path|md5|size".</summary>
    protected string WriteProject(string folder, string name, string items, string properties = "") => WriteDsproj(folder, name, $"""
          <PropertyGroup>
            <DatadingsProgressInterval>0.2</DatadingsProgressInterval>
            <DatadingsDownloadTimeout>5</DatadingsDownloadTimeout>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            {items}
          </ItemGroup>
          <Target Name="ShowResolvedSources" AfterTargets="ResolveDatasetSources" Condition="'@(ResolvedDatasetSource)' != ''">
            <Message Importance="high" Text="RESOLVED %(ResolvedDatasetSource.SourceName)|%(ResolvedDatasetSource.FullPath)|%(ResolvedDatasetSource.Md5)|%(ResolvedDatasetSource.Size)" />
          </Target>
        """);

    protected static string Escape(string text) => SecurityElement.Escape(text);

    protected async Task<(int ExitCode, string Output)> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var process = StartDotnet(workingDirectory, arguments);
        var exitCode = await process.WaitAsync(BuildTimeout);
        return (exitCode, process.Output);
    }

    protected DotnetProcess StartDotnet(string workingDirectory, params string[] arguments) =>
        DotnetProcess.Start(workingDirectory, Environment, [.. arguments, "-nodeReuse:false", "-tl:off"]);

    protected Task<(int ExitCode, string Output)> BuildAsync(string project, params string[] extra) =>
        DotnetAsync(Path.GetDirectoryName(project)!, ["build", project, "-v:n", .. extra]);

    protected static Dictionary<string, (string Path, string Md5, long Size)> ResolvedFrom(string output) =>
        output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("RESOLVED ", StringComparison.Ordinal))
            .Select(l => l["RESOLVED ".Length..].Split('|'))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => (g.First()[1], g.First()[2], long.Parse(g.First()[3])));

    protected static void AssertSucceeded((int ExitCode, string Output) result) =>
        Assert.True(result.ExitCode == 0, "build failed:\n" + result.Output);

    protected static void AssertFailedWith((int ExitCode, string Output) result, string code) =>
        Assert.True(result.ExitCode != 0 && result.Output.Contains($"error {code}:", StringComparison.Ordinal),
            $"expected error {code}:\n{result.Output}");

    /// <summary>The error line of one code (MSBuild repeats errors in its summary; any copy will do).</summary>
    protected static string ErrorLine(string output, string code) =>
        output.Split('\n').First(l => l.Contains($"error {code}:", StringComparison.Ordinal));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
