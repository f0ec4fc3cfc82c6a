using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.References;

public sealed class ModelProjectCopyTests(SdkPackageFixture sdk) : ModelProjectTestBase(sdk)
{
    [Fact]
    public async Task A_model_project_gets_the_datasets_copied_incrementally_reads_them_through_the_generated_class_and_cleans_them()
    {
        var folder = Sdk.NewFolder("model");
        var data = WriteDataset(folder);
        var model = WriteApp(folder, "Model", """<ProjectReference Include="../Data/Data.dsproj" />""", PrintDatasets);
        var copied = CopiedDatasets(model);

        // First build: the .dsproj is built first, every file of every dataset is copied, nothing else; no warning.
        var first = await BuildAsync(model, "-warnaserror");
        AssertSucceeded(first);
        AssertNoWarnings(first.Output);
        string[] dataFiles = ["table.msgpack", "rows-00000.msgpack", "rows-00001.msgpack", "rows-00002.msgpack"];
        string[] suffixes = ["", ".offsets", ".keys", ".key_hashes", ".filter", ".md5"];
        Assert.Equal(dataFiles.SelectMany(f => suffixes.Select(s => f + s)).Order(), Directory.GetFiles(copied).Select(Path.GetFileName).Order());
        Assert.False(File.Exists(Path.Combine(OutputDir(model), "Data.dll")), "a .dsproj offers no assembly");
        Assert.DoesNotContain("Data.dll", File.ReadAllText(Path.Combine(OutputDir(model), "Model.deps.json")));
        Assert.False(Directory.Exists(Path.Combine(DatasetsDir(data), "Data")), "the .dsproj does not copy its datasets into its own output");
        var run = await RunAsync(model);
        Assert.Contains($"table 3 {Path.Combine(copied, "table.msgpack")}", run);
        Assert.Contains($"rows 5 {Path.Combine(copied, "rows-*.msgpack")}", run);

        // No-op: nothing converted, nothing copied.
        var second = await BuildAsync(model, "-warnaserror");
        AssertSucceeded(second);
        Assert.Empty(Converted(second.Output));
        Assert.Empty(DatasetCopies(second.Output));

        // The dataset changes: converted again and copied again (only that dataset's files).
        WriteDataset(folder, Csv + "d,4\n");
        var third = await BuildAsync(model, "-warnaserror");
        AssertSucceeded(third);
        Assert.Equal(["table"], Converted(third.Output));
        Assert.NotEmpty(DatasetCopies(third.Output));
        Assert.All(DatasetCopies(third.Output), l => Assert.Contains("table.msgpack", l));
        Assert.Contains("table 4 ", await RunAsync(model));

        // Clean of the model project removes the copies and the generated class.
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(model)!, "clean", model, "-v:n"));
        Assert.False(Directory.Exists(copied) && Directory.EnumerateFiles(copied).Any(), "copies left after clean");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(model)!, "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs")));
    }
}
