using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Derived;

public sealed class DerivedFailureTests(SdkPackageFixture sdk) : DerivedTestBase(sdk)
{
    [Fact]
    public async Task Every_bad_item_fails_with_its_code_naming_it_and_leaves_no_output_while_good_ones_build()
    {
        var folder = Sdk.NewFolder("derived-bad");
        var files = new Dictionary<string, string>
        {
            ["t.csv"] = Table("t", 12),
            ["t2.csv"] = Table("t", 3),
            ["nolabel.csv"] = "id,v\nn0,1\nn1,2\n",
            ["broken.json"] = "{\"map\": {\"0\": 1,, }",
            ["partial.json"] = """{"map": {"0": 0}}""",
        };
        var project = WriteDerivedProject(folder, "bad", files, """
            <DatasetConversion Include="t" Converter="Csv" Source="t.csv" KeyColumn="id" />
            <DatasetConversion Include="t2" Converter="Csv" Source="t2.csv" KeyColumn="id" />
            <DatasetConversion Include="nolabel" Converter="Csv" Source="nolabel.csv" KeyColumn="id" />
            <DatasetConversion Include="sharded" Converter="Csv" Source="t.csv" KeyColumn="id" ShardSize="5" />

            <DatasetSample Include="no-count" Input="t" />
            <DatasetSplit Include="bad-fractions" Input="t" Parts="p:0.5;q:0.4" />
            <DatasetSplit Include="bad-positions" Input="t" Parts="r;s" Positions="12" />
            <DatasetSplit Include="no-label" Input="nolabel" Parts="x:0.5;y:0.5" Stratify="label" />
            <DatasetRelabel Include="broken-map" Input="t" Map="broken.json" />
            <DatasetRelabel Include="unknown-label" Input="t" Map="partial.json" />
            <DatasetShuffle Include="unknown-input" Input="nonesuch" />
            <DatasetShuffle Include="loop-a" Input="loop-b" />
            <DatasetShuffle Include="loop-b" Input="loop-a" />
            <DatasetMerge Include="duplicates" Inputs="t;t2" />
            <DatasetView Include="missing-indices" Input="t" Indices="nowhere.txt" />
            <DatasetShuffle Include="from-shards" Input="sharded" />
            <DatasetShuffle Include="after-failure" Input="broken-map" />
            <DatasetShuffle Include="t" Input="t2" />

            <DatasetShuffle Include="fine" Input="t" Seed="3" />
            """);

        var result = await BuildAsync(project);

        Assert.NotEqual(0, result.ExitCode);
        AssertError(result.Output, "DD3001", "DatasetSample 'no-count': has no Count metadata");
        AssertError(result.Output, "DD3001", "DatasetShuffle 't': the dataset name 't' is already produced by a DatasetConversion");
        AssertError(result.Output, "DD3004", "DatasetSplit 'bad-fractions': split fractions must sum to 1, but 0.5 + 0.4");
        AssertError(result.Output, "DD3004", "DatasetSplit 'bad-positions': split position 12 is out of range");
        AssertError(result.Output, "DD3004", "DatasetShuffle 'from-shards': the input 'sharded' is sharded into 3 files");
        AssertError(result.Output, "DD3005", "DatasetSplit 'no-label': sample \"n0\" has no \"label\" field to stratify by");
        AssertError(result.Output, "DD3006", "DatasetRelabel 'broken-map':");
        Assert.Contains("broken.json: the label map is not valid JSON at line 1", ErrorLine(result.Output, "DD3006"));
        AssertError(result.Output, "DD3007", "DatasetRelabel 'unknown-label': sample \"t1\": the label 1 is not in the label map");
        AssertError(result.Output, "DD3002", "DatasetShuffle 'unknown-input': the input 'nonesuch' is neither a DatasetConversion nor a derived dataset");
        AssertError(result.Output, "DD3003", "DatasetShuffle 'loop-a': the derived datasets depend on each other in a cycle: DatasetShuffle 'loop-a' -> DatasetShuffle 'loop-b' -> DatasetShuffle 'loop-a'");
        AssertError(result.Output, "DD3003", "DatasetShuffle 'loop-b': the derived datasets depend on each other in a cycle");
        AssertError(result.Output, "DD3008", "DatasetMerge 'duplicates': the key \"t0\" occurs in both");
        AssertError(result.Output, "DD3009", "DatasetView 'missing-indices': the index file");
        Assert.Contains("warning DD3012: DatasetShuffle 'after-failure' was skipped because its input, the derived dataset 'broken-map', failed in this build (see its error). No dataset was written for 'after-failure'", result.Output);
        Assert.Contains("fine: built by shuffle of t", result.Output);

        var derivedFiles = Directory.GetFiles(DatasetsDir(project)).Select(Path.GetFileName)
            .Where(f => !f!.StartsWith("t.", StringComparison.Ordinal) && !f.StartsWith("t2.", StringComparison.Ordinal)
                && !f.StartsWith("nolabel.", StringComparison.Ordinal) && !f.StartsWith("sharded-", StringComparison.Ordinal));
        Assert.Equal(["fine.msgpack", "fine.msgpack.filter", "fine.msgpack.key_hashes", "fine.msgpack.keys", "fine.msgpack.md5", "fine.msgpack.offsets"],
            derivedFiles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_derived_dataset_that_built_before_and_now_fails_is_removed_with_its_dependents()
    {
        var folder = Sdk.NewFolder("derived-stale");
        var files = new Dictionary<string, string> { ["t.csv"] = Table("t", 6), ["map.json"] = """{"map": {"0": 0, "1": 0, "2": 1}}""" };
        const string items = """
            <DatasetConversion Include="t" Converter="Csv" Source="t.csv" KeyColumn="id" />
            <DatasetRelabel Include="coarse" Input="t" Map="map.json" />
            <DatasetSample Include="two" Input="coarse" Count="2" />
            """;
        var project = WriteDerivedProject(folder, "stale", files, items);
        AssertSucceeded(await BuildAsync(project));
        Assert.True(File.Exists(Path.Combine(DatasetsDir(project), "two.msgpack")));

        files["map.json"] = """{"map": {"0": 0}""";
        WriteDerivedProject(folder, "stale", files, items);
        var failed = await BuildAsync(project);
        var again = await BuildAsync(project);

        AssertFailedWith(failed, "DD3006");
        Assert.Contains("warning DD3012: DatasetSample 'two' was skipped because its input, the derived dataset 'coarse', failed in this build", failed.Output);
        Assert.DoesNotContain(Directory.GetFiles(DatasetsDir(project)), f => Path.GetFileName(f).StartsWith("coarse.") || Path.GetFileName(f).StartsWith("two."));
        AssertFailedWith(again, "DD3006");
        Assert.DoesNotContain("coarse: up to date", again.Output);
    }

    private static void AssertError(string output, string code, string text) =>
        Assert.True(output.Split('\n').Any(l => l.Contains($"error {code}:", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal)),
            $"expected error {code} containing «{text}»:\n{output}");

    [Fact]
    public async Task A_failed_conversion_skips_only_its_dependents_with_a_warning_and_duplicate_names_are_errors()
    {
        var folder = Sdk.NewFolder("skipped");
        var files = new Dictionary<string, string> { ["t.csv"] = Table("t", 6), ["bad.csv"] = "id,v\na,1\nb\n", ["huge.csv"] = "x\n1.5\n1e400\n" };
        var project = WriteDerivedProject(folder, "skipped", files, """
            <DatasetConversion Include="t" Converter="Csv" Source="t.csv" KeyColumn="id" />
            <DatasetConversion Include="bad" Converter="Csv" Source="bad.csv" KeyColumn="id" />
            <DatasetConversion Include="twice" Converter="Csv" Source="t.csv" KeyColumn="id" />
            <DatasetConversion Include="twice" Converter="Csv" Source="t.csv" KeyColumn="id" />
            <DatasetShuffle Include="from-bad" Input="bad" />
            <DatasetSample Include="from-from-bad" Input="from-bad" Count="1" />
            <DatasetShuffle Include="from-twice" Input="twice" />
            <DatasetShuffle Include="healthy" Input="t" Seed="1" />
            <DatasetConversion Include="huge" Converter="Csv" Source="huge.csv" />
            """);

        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD2005");
        Assert.Contains("Dataset 'bad' (Csv): source 'bad.csv': line 3: the row has 1 fields, the header has 2. No dataset was written.", ErrorLine(result.Output, "DD2005"));
        AssertFailedWith(result, "DD2012");
        Assert.Contains("Dataset 'twice' is declared by 2 DatasetConversion items; every dataset of a project needs its own name (it is the file name twice.msgpack). None of them was converted.",
            ErrorLine(result.Output, "DD2012"));
        Assert.Contains("warning DD3012: DatasetShuffle 'from-bad' was skipped because its input, the DatasetConversion 'bad', failed in this build (see its error). No dataset was written for 'from-bad'; fix 'bad' and build again.", result.Output);
        Assert.Contains("warning DD3012: DatasetSample 'from-from-bad' was skipped because its input, the derived dataset 'from-bad', failed", result.Output);
        Assert.Contains("warning DD3012: DatasetShuffle 'from-twice' was skipped because its input, the DatasetConversion 'twice', failed", result.Output);
        Assert.Contains("healthy: built by shuffle of t", result.Output);
        Assert.Contains("warning DD2013: Dataset 'huge' (Csv): source 'huge.csv': line 3: column 'x': the value '1e400' is beyond the range of a 64-bit float, so the column is kept as text.", result.Output);
        Assert.DoesNotContain("DD3002", result.Output);
        Assert.Equal(["healthy", "huge", "t"], Directory.GetFiles(DatasetsDir(project), "*.msgpack").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
    }
}
