using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>
/// <c>dotnet build -m</c> of a repository whose Directory.Build.props names one cache for all its projects: two .dsproj
/// projects converting (and pushing, in parallel nodes) the same dataset, and a model project referencing
/// both. A second machine's parallel build pulls everything, fetches no source, and the model gets the same bytes.
/// </summary>
public sealed class MultiProjectRemoteCacheTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    private string NewRepository(string name, string sourceItems, bool push)
    {
        var folder = Sdk.NewFolder(name);
        MachineCache = Path.Combine(folder, "download-cache");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <DatadingsRemoteCache>{Nginx.Url()}</DatadingsRemoteCache>
                <DatadingsRemoteCachePush>{(push ? "true" : "false")}</DatadingsRemoteCachePush>
                <DatadingsRemoteCacheTimeout>3</DatadingsRemoteCacheTimeout>
              </PropertyGroup>
            </Project>
            """);
        // Both projects convert the same sources to "digits": same key and files, pushed by two nodes at once.
        WriteDataProject(folder, "Train", sourceItems + """

            <DatasetConversion Include="digits" Converter="Idx" Images="images.gz" Labels="labels.gz" />
            <DatasetShuffle Include="shuffled" Input="digits" Seed="7" />
            """);
        WriteDataProject(folder, "Eval", sourceItems + """

            <DatasetConversion Include="digits" Converter="Idx" Images="images.gz" Labels="labels.gz" />
            """);
        Directory.CreateDirectory(Path.Combine(folder, "Model"));
        File.WriteAllText(Path.Combine(folder, "Model", "Program.cs"), """
            using var train = Datasets.Train.Shuffled.Open();
            Console.WriteLine($"shuffled {train.Count}");
            """);
        var model = Path.Combine(folder, "Model", "Model.csproj");
        File.WriteAllText(model, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Train/Train.dsproj" />
                <ProjectReference Include="../Eval/Eval.dsproj" />
              </ItemGroup>
            </Project>
            """);
        return model;
    }

    private static string ModelDatasets(string model) => Path.Combine(Path.GetDirectoryName(model)!, "bin", "Debug", "net10.0", "datasets");

    [NginxFact]
    public async Task A_parallel_multi_project_build_pushes_once_and_a_second_machine_pulls_every_project_without_sources()
    {
        var sources = Served("images.gz", Datadings.Tests.Conversions.SyntheticSources.IdxImages(100, gzip: true)) + "\n"
            + Served("labels.gz", Datadings.Tests.Conversions.SyntheticSources.IdxLabels(100, gzip: true));
        var first = NewRepository("multi-first", sources, push: true);
        var build1 = await DotnetAsync(Path.GetDirectoryName(first)!, "build", first, "-m", "-v:n");
        AssertSucceeded(build1);
        // Whichever node comes second converts too (both missed) or pulls what the first pushed: either way one entry.
        Assert.Contains("digits: converted ", build1.Output);
        Assert.Equal(2, Count(build1.Output, "digits: converted ") + Count(build1.Output, "digits: pulled "));
        Assert.DoesNotContain("warning DD7", build1.Output);
        var requests = Server.Requests.Count;

        var unreachable = sources.Replace(Server.BaseUrl, $"http://127.0.0.1:{NginxCache.FreePort()}", StringComparison.Ordinal);
        var second = NewRepository("multi-second", unreachable, push: false);
        var build2 = await DotnetAsync(Path.GetDirectoryName(second)!, "build", second, "-m", "-v:n");

        AssertSucceeded(build2);
        Assert.Empty(Converted(build2.Output));
        Assert.DoesNotContain(": built by", build2.Output);
        Assert.Equal(3, Count(build2.Output, ": pulled "));   // digits in each project, shuffled
        Assert.DoesNotContain("warning DD", build2.Output);
        Assert.Equal(requests, Server.Requests.Count);
        foreach (var project in new[] { "Train", "Eval" })
        {
            Assert.Equal(Md5sOf(Path.Combine(ModelDatasets(first), project)), Md5sOf(Path.Combine(ModelDatasets(second), project)));
            Assert.Equal(Md5sOf(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(first)!)!, project, "bin", "datasets")),
                Md5sOf(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(second)!)!, project, "bin", "datasets")));
        }
        var run = await DotnetAsync(Path.GetDirectoryName(second)!, Path.Combine(Path.GetDirectoryName(second)!, "bin", "Debug", "net10.0", "Model.dll"));
        Assert.Contains("shuffled 100", run.Output);
    }
}
