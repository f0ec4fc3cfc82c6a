using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Locking;

/// <summary>dotnet publish of model projects that reference a .dsproj: datasets beside the published app, one conversion for every configuration.</summary>
public sealed class PublishTests(SdkPackageFixture sdk) : LockTestBase(sdk)
{
    [Fact]
    public async Task A_release_publish_after_a_debug_build_converts_nothing_and_the_published_app_reads_its_datasets_through_a_transitive_reference()
    {
        var folder = Sdk.NewFolder("publish-fd");
        var data = WriteDataset(folder);
        WriteLibrary(folder);
        var app = WriteApp(folder, "App", """<ProjectReference Include="../Lib/Lib.csproj" />""", PrintDatasets);

        var debug = await BuildAsync(app);
        AssertSucceeded(debug);
        Assert.Equal(["rows", "table"], Converted(debug.Output));

        var publishDir = Path.Combine(folder, "published");
        var publish = await DotnetAsync(Path.GetDirectoryName(app)!, "publish", app, "-c", "Release", "-o", publishDir, "-v:n");
        AssertSucceeded(publish);
        Assert.Empty(Converted(publish.Output));
        Assert.Contains(Path.Combine("datasets", "Data", "table.msgpack"), Directory.GetFiles(publishDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(publishDir, f)));

        // The published app runs from its own folder, with the dataset project's outputs gone.
        Directory.Delete(DatasetsDir(data), recursive: true);
        var run = await DotnetAsync(publishDir, Path.Combine(publishDir, "App.dll"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"table 3 {Path.Combine(publishDir, "datasets", "Data", "table.msgpack")}", run.Output);
        Assert.Contains($"rows 5 {Path.Combine(publishDir, "datasets", "Data", "rows-*.msgpack")}", run.Output);
    }

    [Fact]
    public async Task A_self_contained_single_file_publish_keeps_the_datasets_beside_the_executable()
    {
        var folder = Sdk.NewFolder("publish-sc");
        WriteDataset(folder);
        var app = WriteApp(folder, "App", """<ProjectReference Include="../Data/Data.dsproj" />""", PrintDatasets);
        var publishDir = Path.Combine(folder, "published");
        var publish = await DotnetAsync(Path.GetDirectoryName(app)!, "publish", app, "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-p:PublishSingleFile=true", "-o", publishDir, "-v:n");
        AssertSucceeded(publish);
        Assert.True(File.Exists(Path.Combine(publishDir, "App")));
        Assert.False(File.Exists(Path.Combine(publishDir, "App.dll")), "single-file: the app is bundled");
        Assert.True(File.Exists(Path.Combine(publishDir, "datasets", "Data", "table.msgpack")), "datasets stay beside the executable");

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(publishDir, "App"))
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains($"table 3 {Path.Combine(publishDir, "datasets", "Data", "table.msgpack")}", output);
    }

    [Fact]
    public async Task A_publish_whose_referenced_dataset_fails_fails()
    {
        var folder = Sdk.NewFolder("publish-fail");
        WriteDataset(folder, csv: "key,value\nx,1\n"); // no "id" column for KeyColumn="id"
        var app = WriteApp(folder, "App", """<ProjectReference Include="../Data/Data.dsproj" />""", PrintDatasets);
        var publishDir = Path.Combine(folder, "published");
        var publish = await DotnetAsync(Path.GetDirectoryName(app)!, "publish", app, "-o", publishDir, "-v:n");
        Assert.NotEqual(0, publish.ExitCode);
        Assert.Matches(@"error DD2\d{3}:", publish.Output);
        Assert.False(File.Exists(Path.Combine(publishDir, "datasets", "Data", "table.msgpack")));
    }

    [Fact]
    public async Task A_copy_setting_that_is_not_true_or_false_fails_the_referencing_build_with_DD6030()
    {
        var folder = Sdk.NewFolder("copy-setting");
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        File.WriteAllText(Path.Combine(folder, "Data", "table.csv"), Csv);
        WriteDataProject(folder, "Data", $"""
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(Csv))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" CopyToReferencingProjects="yes" />
            """);
        var app = WriteApp(folder, "App", """<ProjectReference Include="../Data/Data.dsproj" />""", "Console.WriteLine(Datasets.Data.Table.Path);");
        var result = await BuildAsync(app);
        AssertFailedWith(result, "DD6030");
        Assert.Contains("Dataset 'table': CopyToReferencingProjects=\"yes\" must be true or false.", ErrorLine(result.Output, "DD6030"));
    }
}
