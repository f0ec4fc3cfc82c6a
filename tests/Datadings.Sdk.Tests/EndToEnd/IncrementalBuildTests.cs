using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

public sealed class IncrementalBuildTests(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    [Fact]
    public async Task First_build_downloads_second_build_neither_downloads_nor_hashes_and_clean_keeps_the_cache()
    {
        var folder = Sdk.NewFolder("incremental");
        var (train, trainMd5, _) = ServedSource("train.bin", 3_000_000);
        var (test, testMd5, _) = ServedSource("test.bin", 100_000, """Size="100000" """);
        var project = WriteProject(folder, "mnist", train + test);

        var first = await BuildAsync(project);

        AssertSucceeded(first);
        Assert.Contains("train.bin: downloaded 3.0 MB from " + Server.Url("train.bin"), first.Output);
        Assert.Contains("test.bin: downloaded", first.Output);
        var resolved = ResolvedFrom(first.Output);
        Assert.Equal(Path.Combine(CacheDir, trainMd5, "train.bin"), resolved["train.bin"].Path);
        Assert.Equal((trainMd5, 3_000_000L), (resolved["train.bin"].Md5, resolved["train.bin"].Size));
        Assert.Equal(testMd5, resolved["test.bin"].Md5);
        Assert.True(File.Exists(resolved["train.bin"].Path));

        var second = await BuildAsync(project);

        AssertSucceeded(second);
        Assert.Contains("train.bin: up to date -> ", second.Output);
        Assert.Contains("test.bin: up to date -> ", second.Output);
        Assert.DoesNotContain(": downloaded ", second.Output);
        Assert.DoesNotContain(": hashed ", second.Output);
        Assert.DoesNotContain(": verifying ", second.Output);
        Assert.Single(Server.RequestsFor("train.bin"));

        var clean = await DotnetAsync(Path.GetDirectoryName(project)!, "clean", project, "-v:n");

        AssertSucceeded(clean);
        Assert.True(File.Exists(resolved["train.bin"].Path), "dotnet clean must never delete the download cache");
        Assert.True(File.Exists(resolved["test.bin"].Path));
    }

    [Fact]
    public async Task Binary_log_and_local_sources_work_and_local_files_are_hashed_only_once()
    {
        var folder = Sdk.NewFolder("local");
        var projectDir = Path.Combine(folder, "local");
        Directory.CreateDirectory(Path.Combine(projectDir, "raw"));
        var bytes = TestBytes.Random(50_000, 5);
        File.WriteAllBytes(Path.Combine(projectDir, "raw", "in-project.bin"), bytes);
        var elsewhere = Path.Combine(folder, "elsewhere.bin");
        File.WriteAllBytes(elsewhere, bytes);
        var md5 = TestBytes.Md5(bytes);
        var project = WriteProject(folder, "local", $"""
            <DatasetSource Include="raw/in-project.bin" Md5="{md5}" />
            <DatasetSource Include="by-url.bin" Url="{new Uri(elsewhere).AbsoluteUri}" Md5="{md5}" />
            <DatasetSource Include="by-path.bin" Url="../elsewhere.bin" Md5="{md5}" />
            """);
        var binlog = Path.Combine(folder, "build.binlog");

        var first = await BuildAsync(project, $"-bl:{binlog}");

        AssertSucceeded(first);
        Assert.True(new FileInfo(binlog).Length > 0);
        var resolved = ResolvedFrom(first.Output);
        Assert.Equal(Path.Combine(projectDir, "raw", "in-project.bin"), resolved["raw/in-project.bin"].Path);
        Assert.Equal(elsewhere, resolved["by-url.bin"].Path);
        Assert.Equal(elsewhere, resolved["by-path.bin"].Path);

        var second = await BuildAsync(project);

        AssertSucceeded(second);
        Assert.DoesNotContain(": hashed ", second.Output);
        Assert.False(Directory.Exists(Path.Combine(CacheDir, md5)), "local files are used in place, not copied into the cache");
    }

    [Fact]
    public async Task The_sdk_version_can_come_from_global_json()
    {
        var folder = Sdk.NewFolder("globaljson");
        var (source, _, _) = ServedSource("g.bin");
        var project = WriteProject(folder, "pinned", source);
        File.WriteAllText(project, File.ReadAllText(project).Replace($"Sdk=\"Datadings.Sdk/{Sdk.Version}\"", "Sdk=\"Datadings.Sdk\""));
        File.WriteAllText(Path.Combine(folder, "global.json"), $$"""{ "msbuild-sdks": { "Datadings.Sdk": "{{Sdk.Version}}" } }""");

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Contains("g.bin: downloaded", result.Output);
    }
}
