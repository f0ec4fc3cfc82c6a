using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

public sealed class ConcurrencyAndSolutionTests(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    [Fact]
    public async Task Two_builds_at_once_sharing_a_source_download_it_once()
    {
        var folder = Sdk.NewFolder("concurrent");
        var (shared, md5, sharedFile) = ServedSource("shared.bin", 2_000_000);
        sharedFile.BytesPerSecond = 1_000_000; // long enough for both builds to overlap
        var first = WriteProject(folder, "first", shared);
        var second = WriteProject(folder, "second", shared);

        // Restore first so both builds reach the download at about the same time.
        AssertSucceeded(await DotnetAsync(folder, "restore", first));
        AssertSucceeded(await DotnetAsync(folder, "restore", second));
        var a = StartDotnet(folder, "build", first, "--no-restore", "-v:n");
        var b = StartDotnet(folder, "build", second, "--no-restore", "-v:n");
        var exitCodes = await Task.WhenAll(a.WaitAsync(BuildTimeout), b.WaitAsync(BuildTimeout));

        Assert.True(exitCodes.All(c => c == 0), a.Output + "\n-----\n" + b.Output);
        Assert.Single(Server.RequestsFor("shared.bin"));
        var outputs = a.Output + b.Output;
        Assert.Single(outputs.Split('\n'), l => l.Contains("shared.bin: downloaded"));
        Assert.Equal(ResolvedFrom(a.Output)["shared.bin"].Path, ResolvedFrom(b.Output)["shared.bin"].Path);
        Assert.Equal(2_000_000, new FileInfo(Path.Combine(CacheDir, md5, "shared.bin")).Length);
    }

    [Fact]
    public async Task A_solution_with_a_dsproj_and_a_csproj_builds_in_parallel()
    {
        var folder = Sdk.NewFolder("solution");
        var (source, _, _) = ServedSource("data.bin");
        WriteProject(folder, "Data", source);
        Directory.CreateDirectory(Path.Combine(folder, "Model"));
        File.WriteAllText(Path.Combine(folder, "Model", "Model.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Model", "Model.cs"), "namespace Model; public static class Trainer { public static int Epochs => 1; }");
        // `dotnet sln add` does not know the .dsproj extension: users list it by hand, typed as an SDK-style project.
        File.WriteAllText(Path.Combine(folder, "All.slnx"), """
            <Solution>
              <Project Path="Data/Data.dsproj" Type="9A19103F-16F7-4668-BE54-9A1E7A4F7556" />
              <Project Path="Model/Model.csproj" />
            </Solution>
            """);

        var result = await DotnetAsync(folder, "build", "All.slnx", "-m", "-v:n");

        AssertSucceeded(result);
        Assert.Contains("data.bin: downloaded", result.Output);
        Assert.True(File.Exists(Path.Combine(folder, "Model", "bin", "Debug", "net10.0", "Model.dll")));
        Assert.False(Directory.EnumerateFiles(Path.Combine(folder, "Data"), "*.dll", SearchOption.AllDirectories).Any(),
            "a .dsproj compiles nothing");
    }
}
