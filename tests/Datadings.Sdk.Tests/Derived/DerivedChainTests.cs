using Datadings.Reading;
using Datadings.Sdk.Tests.Support;
using Datadings.Views;

namespace Datadings.Sdk.Tests.Derived;

public sealed class DerivedChainTests(SdkPackageFixture sdk) : DerivedTestBase(sdk)
{
    private const string CoarseMap = """{"map": {"0": 0, "1": 0, "2": 1}}""";

    // Declared out of dependency order on purpose: the SDK orders them by their inputs.
    private static string Items(int shuffleSeed) => $"""
        <DatasetConversion Include="t" Converter="Csv" Source="t.csv" KeyColumn="id" />
        <DatasetConversion Include="u" Converter="JsonLines" Source="u.jsonl" KeyColumn="id" />
        <DatasetSplit Include="holdout" Input="shuffled" Parts="train:0.75;test:0.25" Stratify="label" Seed="2" />
        <DatasetShuffle Include="shuffled" Input="all" Seed="{shuffleSeed}" />
        <DatasetMerge Include="all" Inputs="t;u" Strategy="Concat" />
        <DatasetRelabel Include="train-coarse" Input="train" Map="coarse.json" />
        <DatasetView Include="test-pairs" Input="test" Windows="2:2" Materialize="false" />
        <DatasetView Include="test-first" Input="test" Indices="first.txt" />
        <DatasetSample Include="few" Input="all" Count="5" Strategy="Sequential" />
        <DatasetSplit Include="halves" Input="t" Parts="a;b" Positions="10" Assignment="false" />
        <DatasetSplit Include="stable" Input="u" Parts="keep:0.5;hold:0.5" Stable="Key" Seed="7" Assignment="splits/stable.csv" />
        """;

    [Fact]
    public async Task A_chain_builds_in_order_rebuilds_only_what_changed_is_deterministic_and_cleans()
    {
        var folder = Sdk.NewFolder("derived-chain");
        // An earlier assignment pins every key of u: a stable split keeps it whatever its hash says.
        var pinned = "key,part\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"u{i},{(i < 10 ? "hold" : "keep")}\n"));
        var files = new Dictionary<string, string>
        {
            ["t.csv"] = Table("t", 40), ["u.jsonl"] = JsonLines("u", 20), ["coarse.json"] = CoarseMap,
            ["first.txt"] = "0\n2\n", ["splits/stable.csv"] = pinned,
        };
        var project = WriteDerivedProject(folder, "chain", files, Items(shuffleSeed: 1));
        var projectDir = Path.GetDirectoryName(project)!;

        var first = await BuildAsync(project);
        AssertSucceeded(first);
        string[] all = ["a", "all", "b", "few", "hold", "keep", "shuffled", "test", "test-first", "test-pairs", "train", "train-coarse"];
        Assert.Equal(all, Built(first.Output));
        var outputs = DerivedOutputsFrom(first.Output);
        Assert.Equal(60, outputs["all"].Samples);
        Assert.Equal("t;u", outputs["all"].From);
        Assert.Equal((45, 15), (outputs["train"].Samples, outputs["test"].Samples));
        Assert.Equal((10, 30), (outputs["a"].Samples, outputs["b"].Samples));
        Assert.Equal("relabel", outputs["train-coarse"].Operation);
        Assert.EndsWith("test-pairs.view.json", outputs["test-pairs"].Path);
        // Ordered by inputs: the merge is written before the shuffle that reads it, the shuffle before the split.
        Assert.True(first.Output.IndexOf("all: built by", StringComparison.Ordinal) < first.Output.IndexOf("shuffled: built by", StringComparison.Ordinal));
        Assert.True(first.Output.IndexOf("shuffled: built by", StringComparison.Ordinal) < first.Output.IndexOf("train: built by", StringComparison.Ordinal));

        var datasets = DatasetsDir(project);
        foreach (var output in outputs.Values.Where(o => o.Path.EndsWith(".msgpack", StringComparison.Ordinal)))
        {
            using var reader = new DatasetReader(output.Path);
            reader.Verify(); // every index file present and the .md5 correct
            Assert.Equal(output.Samples, reader.Count);
        }
        using (var merged = new DatasetReader(Path.Combine(datasets, "all.msgpack")))
        using (var shuffled = new DatasetReader(Path.Combine(datasets, "shuffled.msgpack")))
        using (var train = new DatasetReader(Path.Combine(datasets, "train.msgpack")))
        using (var test = new DatasetReader(Path.Combine(datasets, "test.msgpack")))
        using (var coarse = new DatasetReader(Path.Combine(datasets, "train-coarse.msgpack")))
        {
            Assert.Equal(merged.Keys.Order(), shuffled.Keys.Order());
            Assert.NotEqual(merged.Keys, shuffled.Keys);
            Assert.Equal(shuffled.Keys.Order(), train.Keys.Concat(test.Keys).Order());
            for (int i = 0; i < coarse.Count; i++)
            {
                var sample = coarse[i];
                Assert.Equal(train[i]["label"], sample["_label"]);
                Assert.Equal((long)sample["_label"]! == 2 ? 1L : 0L, sample["label"]);
            }
            using var pairs = ViewReader.Open(Path.Combine(datasets, "test-pairs.view.json"));
            Assert.Equal(test.Count / 2, pairs.Count);
            using var firstOfTest = new DatasetReader(Path.Combine(datasets, "test-first.msgpack"));
            Assert.Equal([test.GetKey(0), test.GetKey(2)], firstOfTest.Keys);
        }
        using (var keep = new DatasetReader(Path.Combine(datasets, "keep.msgpack")))
            Assert.Equal(Enumerable.Range(10, 10).Select(i => $"u{i}"), keep.Keys);
        Assert.Equal(pinned, File.ReadAllText(Path.Combine(projectDir, "splits", "stable.csv")));
        var holdoutAssignment = File.ReadAllLines(Path.Combine(projectDir, "holdout.split.csv"));
        Assert.Equal("key,part", holdoutAssignment[0]);
        Assert.Equal(60, holdoutAssignment.Length - 1);
        Assert.False(File.Exists(Path.Combine(projectDir, "halves.split.csv")));
        var firstMd5s = Md5sOf(datasets);

        // No-op: nothing derived, every output still offered.
        var noop = await BuildAsync(project);
        AssertSucceeded(noop);
        Assert.Empty(Built(noop.Output));
        Assert.Contains("train-coarse: up to date (45 samples)", noop.Output);
        Assert.Equal(outputs.Keys.Order(), DerivedOutputsFrom(noop.Output).Keys.Order());

        // A seed changes: that dataset and everything derived from it, nothing else.
        WriteDerivedProject(folder, "chain", files, Items(shuffleSeed: 5));
        var reseeded = await BuildAsync(project);
        AssertSucceeded(reseeded);
        Assert.Equal(["shuffled", "test", "test-first", "test-pairs", "train", "train-coarse"], Built(reseeded.Output));

        // The label map's content changes: only the relabel.
        files["coarse.json"] = """{"map": {"0": 1, "1": 1, "2": 0}}""";
        WriteDerivedProject(folder, "chain", files, Items(shuffleSeed: 5));
        var remapped = await BuildAsync(project);
        AssertSucceeded(remapped);
        Assert.Equal(["train-coarse"], Built(remapped.Output));

        // Back to the first definition, clean, rebuild: byte-identical datasets; the assignment files stay.
        files["coarse.json"] = CoarseMap;
        WriteDerivedProject(folder, "chain", files, Items(shuffleSeed: 1));
        AssertSucceeded(await DotnetAsync(projectDir, "clean", project, "-v:n"));
        Assert.Empty(Directory.GetFiles(datasets));
        Assert.Empty(Directory.GetFiles(Path.Combine(projectDir, "obj"), "*.stamp", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(projectDir, "holdout.split.csv")));
        var rebuilt = await BuildAsync(project);
        AssertSucceeded(rebuilt);
        Assert.Equal(all, Built(rebuilt.Output));
        Assert.Equal(firstMd5s, Md5sOf(datasets));
    }
}
