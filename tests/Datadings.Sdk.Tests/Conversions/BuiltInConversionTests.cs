using Datadings.Reading;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.Conversions;

public sealed class BuiltInConversionTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    private string Items(string csvKeyColumn, string csvFile) => $"""
        {Served("images.gz", IdxImages(40, gzip: true))}
        {Served("labels.gz", IdxLabels(40, gzip: true))}
        {Served("cifar-10-binary.tar.gz", TarGz(
            ("cifar-10-batches-bin/data_batch_2.bin", CifarBatch(3, hundred: false, seed: 2)),
            ("cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n"u8.ToArray()),
            ("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(2, hundred: false, seed: 1))))}
        {Served("tree.zip", Zip(("cat/1.png", [1]), ("dog/2.png", [2]), ("cat/3.png", [3])))}
        <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(File.ReadAllBytes(csvFile))}" />
        {Served("rows.jsonl", "{\"id\":\"a\",\"v\":1}\n{\"id\":\"b\",\"v\":[1,2]}\n"u8.ToArray())}

        <DatasetConversion Include="digits" Converter="Idx" Images="images.gz" Labels="labels.gz" />
        <DatasetConversion Include="digits-sharded" Converter="Idx" Images="images.gz" Labels="labels.gz" ShardSize="15" />
        <DatasetConversion Include="cifar" Converter="Cifar10" Source="cifar-10-binary.tar.gz" />
        <DatasetConversion Include="pets" Converter="LabelledTree" Source="tree.zip" />
        <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="{csvKeyColumn}" />
        <DatasetConversion Include="rows" Converter="JsonLines" Source="rows.jsonl" KeyColumn="id" />
        """;

    [Fact]
    public async Task Datasets_are_built_read_back_rebuilt_only_when_their_inputs_change_identical_on_rebuild_and_cleaned()
    {
        var folder = Sdk.NewFolder("convert");
        var projectDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(projectDir);
        var csv = Path.Combine(projectDir, "table.csv");
        File.WriteAllText(csv, "id,name,score\nr1,one,1.5\nr2,two,\n");
        var project = WriteDataProject(folder, "data", Items("id", csv));

        // First build: everything is converted and offered as outputs.
        var first = await BuildAsync(project);
        AssertSucceeded(first);
        Assert.Equal(["cifar", "digits", "digits-sharded", "pets", "rows", "table"], Converted(first.Output));
        Assert.Contains("digits-sharded: converted 40 samples", first.Output);
        var outputs = OutputsFrom(first.Output);
        var unsharded = outputs.Where(o => o.ShardCount == 1).ToDictionary(o => o.Dataset, o => o.Samples);
        Assert.Equal(new Dictionary<string, int> { ["digits"] = 40, ["cifar"] = 5, ["pets"] = 3, ["table"] = 2, ["rows"] = 2 }, unsharded);
        var sharded = outputs.Where(o => o.Dataset == "digits-sharded").OrderBy(o => o.Shard).ToList();
        Assert.Equal([15, 15, 10], sharded.Select(o => o.Samples));
        Assert.All(sharded, o => Assert.Equal(3, o.ShardCount));
        Assert.Equal("airplane;automobile", outputs.Single(o => o.Dataset == "cifar").ClassNames);
        Assert.Equal("cat;dog", outputs.Single(o => o.Dataset == "pets").ClassNames);

        var datasets = DatasetsDir(project);
        using (var digits = new DatasetReader(Path.Combine(datasets, "digits.msgpack")))
        using (var shards = new ShardedReader(Path.Combine(datasets, "digits-sharded-*.msgpack")))
        {
            digits.Verify();
            Assert.Equal(40, shards.Count);
            for (int n = 0; n < 40; n++)
            {
                Assert.Equal((long)Label(n), digits[n]["label"]);
                Assert.Equal(Enumerable.Range(0, 784).Select(i => Pixel(n, i)), TestPngDecoder.Decode((byte[])digits[n]["image"]!).Pixels);
                Assert.Equal(digits.GetRaw(n).ToArray(), shards.GetRaw(n).ToArray());
            }
        }
        using (var table = new DatasetReader(Path.Combine(datasets, "table.msgpack")))
        {
            Assert.Equal(1.5, table.Get("r1")["score"]);
            Assert.Null(table.Get("r2")["score"]);
        }
        var firstMd5s = Md5sOf(datasets);

        // No-op: nothing converted, the outputs are still offered.
        var second = await BuildAsync(project);
        AssertSucceeded(second);
        Assert.Empty(Converted(second.Output));
        Assert.Contains("digits: up to date (40 samples)", second.Output);
        Assert.Equal(outputs.Count, OutputsFrom(second.Output).Count);

        // An option changes: only that dataset is converted.
        File.WriteAllText(project, File.ReadAllText(project).Replace("""Source="table.csv" KeyColumn="id" """, """Source="table.csv" KeyColumn="name" """));
        var third = await BuildAsync(project);
        AssertSucceeded(third);
        Assert.Equal(["table"], Converted(third.Output));
        using (var table = new DatasetReader(Path.Combine(datasets, "table.msgpack")))
            Assert.True(table.Contains("one"));

        // A source changes (new content, new MD5): only the dataset reading it is converted.
        var oldMd5 = TestBytes.Md5(File.ReadAllBytes(csv));
        File.WriteAllText(csv, "id,name,score\nr1,uno,1.5\n");
        File.WriteAllText(project, File.ReadAllText(project).Replace(oldMd5, TestBytes.Md5(File.ReadAllBytes(csv))));
        var fourth = await BuildAsync(project);
        AssertSucceeded(fourth);
        Assert.Equal(["table"], Converted(fourth.Output));

        // Restore the original table and rebuild from clean: byte-identical outputs.
        File.WriteAllText(csv, "id,name,score\nr1,one,1.5\nr2,two,\n");
        WriteDataProject(folder, "data", Items("id", csv));
        var clean = await DotnetAsync(projectDir, "clean", project, "-v:n");
        AssertSucceeded(clean);
        Assert.Empty(Directory.GetFiles(datasets));
        Assert.Empty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(project)!, "obj"), "*.stamp", SearchOption.AllDirectories));

        var rebuilt = await BuildAsync(project);
        AssertSucceeded(rebuilt);
        Assert.Equal(6, Converted(rebuilt.Output).Count);
        Assert.Equal(firstMd5s, Md5sOf(datasets));
    }
}
