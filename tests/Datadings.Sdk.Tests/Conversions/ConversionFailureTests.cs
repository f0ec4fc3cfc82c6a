using Datadings.Sdk.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.Conversions;

public sealed class ConversionFailureTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [Fact]
    public async Task Every_bad_input_fails_its_own_dataset_with_its_code_and_leaves_no_output()
    {
        var folder = Sdk.NewFolder("bad-inputs");
        var goodZip = Zip(("cat/1.png", Enumerable.Repeat((byte)7, 4000).ToArray()));
        var project = WriteDataProject(folder, "bad", $"""
            {Served("broken.zip", goodZip[..(goodZip.Length - 30)])}
            {Served("short-images", IdxImages(10)[..^50])}
            {Served("cifar.tar.gz", TarGz(("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(2, hundred: false, seed: 1)[..^7])))}
            {Served("columns.csv", "a,b\n1,2\n3\n"u8.ToArray())}
            {Served("dupes.csv", "id,v\nx,1\nx,2\n"u8.ToArray())}
            {Served("fine.csv", "a\n1\n"u8.ToArray())}

            <DatasetConversion Include="corrupt-archive" Converter="LabelledTree" Source="broken.zip" />
            <DatasetConversion Include="idx-size" Converter="Idx" Images="short-images" />
            <DatasetConversion Include="cifar-record" Converter="Cifar10" Source="cifar.tar.gz" />
            <DatasetConversion Include="csv-columns" Converter="Csv" Source="columns.csv" />
            <DatasetConversion Include="duplicate-keys" Converter="Csv" Source="dupes.csv" KeyColumn="id" />
            <DatasetConversion Include="bad-shards" Converter="Csv" Source="fine.csv" ShardSize="zero" />
            <DatasetConversion Include="no-such-converter" Converter="Acme.Magic" Source="fine.csv" />
            <DatasetConversion Include="fine" Converter="Csv" Source="fine.csv" />
            """);

        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD2002");
        Assert.Contains("Dataset 'corrupt-archive' (LabelledTree): source 'broken.zip'", ErrorLine(result.Output, "DD2002"));
        Assert.Contains("Dataset 'idx-size' (Idx): source 'short-images': the header says 10 records of 28×28", ErrorLine(result.Output, "DD2003"));
        Assert.Contains("Dataset 'cifar-record' (Cifar10): source 'cifar.tar.gz': entry 'cifar-10-batches-bin/data_batch_1.bin': the batch ends", ErrorLine(result.Output, "DD2004"));
        Assert.Contains("Dataset 'csv-columns' (Csv): source 'columns.csv': line 3: the row has 1 fields, the header has 2", ErrorLine(result.Output, "DD2005"));
        Assert.Contains("Dataset 'duplicate-keys' (Csv): sample 1: duplicate key 'x'", ErrorLine(result.Output, "DD2006"));
        Assert.Contains("Dataset 'bad-shards' (Csv): ShardSize 'zero'", ErrorLine(result.Output, "DD2001"));
        Assert.Contains("Dataset 'no-such-converter' (Acme.Magic): 'Acme.Magic' is neither a built-in converter", ErrorLine(result.Output, "DD2008"));
        Assert.Contains("fine: converted 1 samples", result.Output);
        var datasets = DatasetsDir(project);
        Assert.Equal(["fine.msgpack", "fine.msgpack.filter", "fine.msgpack.key_hashes", "fine.msgpack.keys", "fine.msgpack.md5", "fine.msgpack.offsets"],
            Directory.GetFiles(datasets).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_dataset_that_built_before_and_now_fails_is_removed_and_never_counts_as_up_to_date()
    {
        var folder = Sdk.NewFolder("stale");
        var projectDir = Path.Combine(folder, "stale");
        Directory.CreateDirectory(projectDir);
        var csv = Path.Combine(projectDir, "t.csv");
        File.WriteAllText(csv, "a,b\n1,2\n");
        string ProjectFor() => WriteDataProject(folder, "stale", $"""
            <DatasetSource Include="t.csv" Md5="{TestBytes.Md5(File.ReadAllBytes(csv))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="t.csv" />
            """);
        var project = ProjectFor();
        AssertSucceeded(await BuildAsync(project));
        Assert.True(File.Exists(Path.Combine(DatasetsDir(project), "table.msgpack")));

        File.WriteAllText(csv, "a,b\n1,2\n3,4,5\n");
        ProjectFor();
        var failed = await BuildAsync(project);
        var again = await BuildAsync(project);

        AssertFailedWith(failed, "DD2005");
        Assert.Empty(Directory.GetFiles(DatasetsDir(project)));
        AssertFailedWith(again, "DD2005");
        Assert.DoesNotContain("up to date (", again.Output);
    }
}
