using System.Text.RegularExpressions;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>
/// New projects as users make them: `datadings init` in a folder outside any repository (it writes the NuGet.config
/// that finds the SDK), its commented examples uncommented and built; the Datadings.Templates package installed
/// with `dotnet new install`, a `dotnet new dsproj` and a `dotnet new datadings-model` built and run.
/// </summary>
public sealed partial class ProjectTemplateTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    private static string CliAssembly => Path.Combine(SdkPackageFixture.RepositoryRoot, "src", "Datadings.Cli", "bin",
        SdkPackageFixture.Configuration, "net10.0", "Datadings.Cli.dll");

    [Fact]
    public async Task Init_outside_any_repository_builds_and_so_does_every_example_uncommented()
    {
        // Not under the fixture's root: nothing but what init writes tells NuGet where Datadings.Sdk is.
        using var outside = new TempDirectory("dd-init");
        var directory = Path.Combine(outside.Path, "my-data");
        var (initCode, initOutput) = await RunAsync(outside.Path, null, CliAssembly, "init", directory, "--source", Sdk.Feed, "--sdk-version", Sdk.Version);
        Assert.True(initCode == 0, initOutput);
        Assert.Contains($"NuGet finds Datadings.Sdk in {Sdk.Feed}", initOutput);
        var project = Path.Combine(directory, "my-data.dsproj");

        AssertSucceeded(await BuildAsync(project));

        var text = File.ReadAllText(project);
        var uncommented = UncommentExample().Replace(text, "$1");
        Assert.Equal(3, UncommentExample().Count(text));
        File.WriteAllText(project, uncommented);
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Contains("measurements: converted 12 samples", build.Output);
        Assert.Contains("train: built by split of measurements, 9 samples", build.Output);
        Assert.Contains("test: built by split of measurements, 3 samples", build.Output);
    }

    [Fact]
    public async Task Template_package_installs_and_its_dsproj_and_model_templates_build_and_run()
    {
        using var work = new TempDirectory("dd-templates");
        var cliHome = Path.Combine(work.Path, "cli-home"); // dotnet new install writes here, not to the user's profile
        var env = new Dictionary<string, string?>(Environment) { ["DOTNET_CLI_HOME"] = cliHome };
        var feed = Path.Combine(work.Path, "feed");
        var templates = Path.Combine(SdkPackageFixture.RepositoryRoot, "templates", "Datadings.Templates", "Datadings.Templates.csproj");
        var (packCode, packOutput) = await RunAsync(work.Path, env, "pack", templates, "-o", feed, $"-p:Version={Sdk.Version}", "-nodeReuse:false");
        Assert.True(packCode == 0, packOutput);
        var (installCode, installOutput) = await RunAsync(work.Path, env, "new", "install", Path.Combine(feed, $"Datadings.Templates.{Sdk.Version}.nupkg"));
        Assert.True(installCode == 0, installOutput);
        Assert.Contains("dsproj", installOutput);
        Assert.Contains("datadings-model", installOutput);

        // In a folder whose NuGet.config lists the SDK's feed, as in a repository set up for it.
        var folder = Sdk.NewFolder("templates");
        Assert.Equal(0, (await RunAsync(folder, env, "new", "dsproj", "-n", "Data", "-o", "Data")).ExitCode);
        Assert.Equal(0, (await RunAsync(folder, env, "new", "datadings-model", "-n", "Model", "-o", "Model")).ExitCode);
        Assert.Contains($"Sdk=\"Datadings.Sdk/{Sdk.Version}\"", File.ReadAllText(Path.Combine(folder, "Data", "Data.dsproj")));
        var build = await BuildAsync(Path.Combine(folder, "Model", "Model.csproj"));
        AssertSucceeded(build);
        var run = await RunAsync(folder, env, Path.Combine(folder, "Model", "bin", "Debug", "net10.0", "Model.dll"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("train: 9 samples, test: 3 samples", run.Output);

        // Anywhere else, PackageSource writes the NuGet.config that finds the SDK.
        var elsewhere = Path.Combine(work.Path, "elsewhere");
        Assert.Equal(0, (await RunAsync(work.Path, env, "new", "dsproj", "-n", "Standalone", "-o", elsewhere, "--PackageSource", Sdk.Feed)).ExitCode);
        Assert.Contains(Sdk.Feed, File.ReadAllText(Path.Combine(elsewhere, "NuGet.config")));
        var standalone = await BuildAsync(Path.Combine(elsewhere, "Standalone.dsproj"));
        AssertSucceeded(standalone);
        Assert.Contains("measurements: converted 12 samples", standalone.Output);
        Assert.False(File.Exists(Path.Combine(folder, "Data", "NuGet.config")), "without PackageSource the template writes no NuGet.config");
    }

    /// <summary>`dotnet ARGS` without the MSBuild switches BuildAsync adds (dotnet new and apps do not take them).</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string directory, IReadOnlyDictionary<string, string?>? env, params string[] arguments)
    {
        var process = DotnetProcess.Start(directory, env ?? Environment, arguments);
        var code = await process.WaitAsync(BuildTimeout);
        return (code, process.Output);
    }

    [GeneratedRegex(@"  <!-- Uncomment to build:\n(  <ItemGroup>\n.*?  </ItemGroup>\n)  -->\n", RegexOptions.Singleline)]
    private static partial Regex UncommentExample();
}
