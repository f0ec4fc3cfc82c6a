using Datadings.Reading;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Support;

namespace Datadings.Sdk.Tests.Conversions;

/// <summary>
/// Archive kinds beyond the base library, through a real build: the SDK's tasks carry Datadings.Archives
/// (SharpCompress) in tools/, so a .dsproj converts .tar.xz and solid .7z sources like a folder; bombs and empty
/// archives are reported with their own codes.
/// </summary>
public sealed class ArchiveSourceTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    private static readonly (string Path, byte[] Content)[] Tree =
    [
        ("cat/2.png", [2, 2]), ("dog/1.png", [1]), ("cat/10.png", [10, 10, 10]), ("dog/sub/3.png", [3]),
    ];

    [Fact]
    public async Task Tar_xz_and_solid_7z_sources_convert_like_the_folder_they_were_packed_from()
    {
        var folder = Sdk.NewFolder("archive-kinds");
        var tree = Path.Combine(folder, "tree");
        foreach (var (path, content) in Tree)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, path))!);
            File.WriteAllBytes(Path.Combine(tree, path), content);
        }
        var xz = File.ReadAllBytes(ArchiveTools.Pack(tree, Path.Combine(folder, "tree.tar.xz")));
        var sevenZip = File.ReadAllBytes(ArchiveTools.Pack(tree, Path.Combine(folder, "tree.7z")));
        var project = WriteDataProject(folder, "data", $"""
            {Served("tree.tar.xz", xz)}
            {Served("tree.7z", sevenZip)}
            <DatasetConversion Include="from-xz" Converter="LabelledTree" Source="tree.tar.xz" />
            <DatasetConversion Include="from-7z" Converter="LabelledTree" Source="tree.7z" />
            """);

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Equal(["from-7z", "from-xz"], Converted(result.Output));
        var datasets = DatasetsDir(project);
        foreach (var name in new[] { "from-xz", "from-7z" })
        {
            using var reader = new DatasetReader(Path.Combine(datasets, name + ".msgpack"));
            var samples = Enumerable.Range(0, reader.Count).Select(i => reader[i]).ToList();
            Assert.Equal(["cat/2.png", "cat/10.png", "dog/1.png", "dog/sub/3.png"], samples.Select(s => s.Key));
            Assert.Equal(Tree.OrderBy(t => t.Path == "cat/10.png" ? 1 : t.Path.StartsWith("dog") ? 2 : 0).ThenBy(t => t.Path, StringComparer.Ordinal).Select(t => t.Content),
                samples.Select(s => (byte[])s["image"]!));
            Assert.Equal("cat;dog", OutputsFrom(result.Output).Single(o => o.Dataset == name).ClassNames);
        }
        // Same samples, same bytes: every dataset file is identical whichever archive kind it came from.
        var md5s = Md5sOf(datasets);
        IEnumerable<(string, string)> FilesOf(string name) => md5s.Where(p => p.Key.StartsWith(name + ".msgpack") && !p.Key.EndsWith(".md5"))
            .Select(p => (p.Key[name.Length..], p.Value)).OrderBy(p => p.Item1, StringComparer.Ordinal);
        Assert.Equal(FilesOf("from-xz"), FilesOf("from-7z"));
    }

    [Fact]
    public async Task A_zip_bomb_fails_with_DD2020_naming_the_entry_and_an_empty_archive_warns_DD2021()
    {
        var folder = Sdk.NewFolder("archive-limits");
        var bomb = Path.Combine(folder, "bomb");
        Directory.CreateDirectory(Path.Combine(bomb, "cat"));
        File.WriteAllBytes(Path.Combine(bomb, "cat", "zeros.bin"), new byte[24 << 20]);
        var empty = Path.Combine(folder, "empty");
        Directory.CreateDirectory(Path.Combine(empty, "cat"));
        var project = WriteDataProject(folder, "data", $"""
            {Served("bomb.tar.zst", File.ReadAllBytes(ArchiveTools.Pack(bomb, Path.Combine(folder, "bomb.tar.zst"))))}
            {Served("empty.tar.gz", File.ReadAllBytes(ArchiveTools.Pack(empty, Path.Combine(folder, "empty.tar.gz"))))}
            <DatasetConversion Include="bombed" Converter="LabelledTree" Source="bomb.tar.zst" />
            <DatasetConversion Include="trusted" Converter="LabelledTree" Source="bomb.tar.zst" MaxExpansionRatio="100000" />
            <DatasetConversion Include="nothing" Converter="LabelledTree" Source="empty.tar.gz" />
            """);

        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD2020");
        var error = ErrorLine(result.Output, "DD2020");
        Assert.Contains("Dataset 'bombed' (LabelledTree): source 'bomb.tar.zst': entry './cat/zeros.bin'", error);
        Assert.Contains("MaxExpansionRatio", error);
        Assert.Contains("trusted: converted 1 samples", result.Output);
        Assert.Contains("nothing: converted 0 samples", result.Output);
        Assert.Contains("warning DD2021: Dataset 'nothing' (LabelledTree): the archive 'empty.tar.gz' holds no files", result.Output);
        Assert.DoesNotContain("bombed.msgpack", string.Join('\n', Directory.GetFiles(DatasetsDir(project))));
    }
}
