using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.References;

/// <summary>Derived datasets (split parts, shuffles, views) reach a model project like conversions do: copied and typed.</summary>
public sealed class DerivedDatasetAccessTests(SdkPackageFixture sdk) : ModelProjectTestBase(sdk)
{
    [Fact]
    public async Task Split_parts_shuffles_and_views_get_typed_accessors_and_results_are_copied_but_intermediate_steps_only_when_asked()
    {
        var folder = Sdk.NewFolder("derived-access");
        var csv = "id,value\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"k{i},{i}\n"));
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        File.WriteAllText(Path.Combine(folder, "Data", "table.csv"), csv);
        File.WriteAllText(Path.Combine(folder, "Data", "first-two.txt"), "0\n1\n");
        File.WriteAllText(Path.Combine(folder, "Data", "third.txt"), "2\n");
        WriteDataProject(folder, "Data", $"""
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" />
            <DatasetShuffle Include="shuffled" Input="table" Seed="3" CopyToReferencingProjects="true" />
            <DatasetSplit Include="halves" Input="shuffled" Parts="train:0.7; test:0.3" />
            <DatasetView Include="firsttwo" Input="table" Indices="first-two.txt" CopyToReferencingProjects="false" />
            <DatasetConversion Include="raw" Converter="Csv" Source="table.csv" KeyColumn="id" />
            <DatasetShuffle Include="rawmixed" Input="raw" Seed="1" />
            <DatasetView Include="lazy" Input="table" Indices="third.txt" Materialize="false" />
            """);
        var model = WriteApp(folder, "Model", """<ProjectReference Include="../Data/Data.dsproj" />""", """
            foreach (var d in new[] { Datasets.Data.Shuffled, Datasets.Data.Train, Datasets.Data.Test, Datasets.Data.Firsttwo })
            {
                using var reader = d.Open();
                Console.WriteLine($"{d.Name} {reader.Count}");
            }
            // Kept back: Path is the dataset project's own file (documented), which exists while developing.
            Console.WriteLine($"firsttwo path is build path: {Datasets.Data.Firsttwo.Path == Datasets.Data.Firsttwo.BuildPath}");
            """, extra: """
            <Target Name="ShowReferenced" AfterTargets="ResolveReferencedDatasets">
              <Message Importance="high" Text="REFERENCED %(ReferencedDataset.DatasetName)|%(ReferencedDataset.CopiedToOutput)|%(ReferencedDataset.CopiedPath)" />
            </Target>
            """);

        var build = await BuildAsync(model, "-warnaserror");
        AssertSucceeded(build);
        AssertNoWarnings(build.Output);
        var run = await RunAsync(model);
        Assert.Contains("shuffled 10", run);
        Assert.Contains("train 7", run);
        Assert.Contains("test 3", run);
        Assert.Contains("firsttwo 2", run);
        Assert.Contains("firsttwo path is build path: True", run);
        // Results are copied (train, test, rawmixed); intermediate steps are not (raw), unless their item says so
        // (shuffled); a result can be kept back (firsttwo: read from the dataset project's folder instead).
        foreach (var name in new[] { "table", "shuffled", "train", "test", "rawmixed" })
            Assert.True(File.Exists(Path.Combine(CopiedDatasets(model), name + ".msgpack")), $"{name} was not copied");
        foreach (var name in new[] { "raw", "firsttwo" })
            Assert.False(File.Exists(Path.Combine(CopiedDatasets(model), name + ".msgpack")), $"{name} was copied");
        // @(ReferencedDataset) says the same: CopiedToOutput only for the datasets that were copied.
        var referenced = build.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("REFERENCED ", StringComparison.Ordinal))
            .Select(l => l["REFERENCED ".Length..].Split('|')).DistinctBy(p => p[0]).ToDictionary(p => p[0], p => (Copied: p[1], Path: p[2]));
        foreach (var name in new[] { "table", "shuffled", "train", "test", "rawmixed" })
            Assert.Equal(("true", Path.Combine(CopiedDatasets(model), name + ".msgpack")), referenced[name]);
        foreach (var name in new[] { "raw", "firsttwo" })
            Assert.Equal(("false", ""), referenced[name]);
        // The view file is copied beside its base (table, read by other items, is copied for it), whose relative path
        // it records, so ViewReader can open the copy.
        Assert.True(File.Exists(Path.Combine(CopiedDatasets(model), "lazy.view.json")), "the view file was not copied");
        var generated = File.ReadAllText(Path.Combine(Path.GetDirectoryName(model)!, "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs"));
        Assert.DoesNotContain("Lazy", generated); // a view file is not a dataset file
    }
}
