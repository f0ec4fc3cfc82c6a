using Datadings.Archives;
using Datadings.Sources;
using Datadings.Tests.Support;

namespace Datadings.Tests.Sources;

/// <summary>
/// Archives packed by Debian's own tools, every kind: the SharpCompress-backed ones (.tar.bz2, .tar.xz, .tar.zst,
/// solid and non-solid .7z) and the built-in ones, read like the same folder on disk. Folders are packed the usual
/// way (<c>tar -C dir .</c>), so tar names start with <c>./</c> and the first entry is the root <c>./</c> itself.
/// </summary>
public sealed class ArchiveKindsTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    public ArchiveKindsTests() => ArchiveSources.Register();

    public static TheoryData<string> AllKinds => new()
    {
        "tree.tar", "tree.tar.gz", "tree.tar.bz2", "tree.tar.xz", "tree.tar.zst", "tree.7z", "flat.7z",
    };

    private static readonly IReadOnlyList<(string Path, byte[] Content)> Tree = TreeFixture.Files(
        "dog/img10.png", "cat/img2.png", "dog/img9.png", "cat/sub/img1.png", "cat/img10.png", "bird/x.jpg");

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_packed_folder_reads_like_the_folder(string name)
    {
        var big = new byte[700_000];
        new Random(5).NextBytes(big);
        List<(string Path, byte[] Content)> files = [.. Tree, ("cat/big.bin", big), ("dog/empty", [])];
        var folder = _fixture.WriteDirectory(files);
        var archive = ArchiveTools.Pack(folder, _fixture.Path(name), solid: !name.StartsWith("flat"));

        using var expected = new DirectoryTreeSource(folder);
        using var source = LabelledTreeSource.Open(archive);
        Assert.Equal(expected.Labels, source.Labels);
        Assert.Equal(expected.Entries, source.Entries);
        var contents = source.ReadAll().ToList();
        Assert.Equal(expected.ReadAll().Select(e => e.Content), contents.Select(e => e.Content));
        var bigEntry = source.Entries.Single(e => e.Key == "cat/big.bin");
        using var opened = source.Open(bigEntry);
        using var copy = new MemoryStream();
        opened.CopyTo(copy);
        Assert.Equal(big, copy.ToArray());
    }

    [Theory]
    [InlineData("tree.tar.xz")]
    [InlineData("tree.7z")]
    public void Out_of_order_entries_take_extra_passes_within_a_small_reorder_buffer(string name)
    {
        // Entries stored in reverse name order: with a buffer for one entry, each pass delivers what it can.
        var files = Enumerable.Range(0, 6).Select(i => ($"c/{i}.bin", Enumerable.Repeat((byte)i, 10_000).ToArray())).ToList();
        var folder = _fixture.WriteDirectory(files);
        var listing = _fixture.Path("order.txt");
        File.WriteAllLines(listing, files.Select(f => f.Item1).Reverse());
        var archive = _fixture.Path(name);
        if (name.EndsWith(".7z")) ArchiveTools.Run(folder, "7zz", "a", "-bd", archive, "@" + listing);
        else ArchiveTools.Run(folder, "tar", "--xz", "-cf", archive, "-T", listing);

        using var source = new ArchiveTreeSource(archive, new() { Patterns = ["**"], ReorderBufferBytes = 10_000 });
        var read = source.ReadAll().ToList();
        Assert.Equal(files.Select(f => f.Item1), read.Select(r => r.Entry.Key));
        Assert.Equal(files.Select(f => f.Item2), read.Select(r => r.Content));
    }

    [Theory]
    [InlineData("tree.tar")]
    [InlineData("tree.tar.gz")]
    [InlineData("tree.tar.zst")]
    public void Hard_links_read_the_data_of_the_member_they_name(string name)
    {
        var folder = _fixture.WriteDirectory(Tree);
        File.CreateSymbolicLink(Path.Combine(folder, "bird", "soft.jpg"), "x.jpg");
        ArchiveTools.Run(folder, "ln", "cat/img2.png", "dog/same-as-cat.png");
        var archive = ArchiveTools.Pack(folder, _fixture.Path(name));

        // Only the link is selected: its bytes still come from the earlier member it names.
        using var source = LabelledTreeSource.Open(archive, new() { Include = ["*/same-as-cat.png"] });
        var (entry, content) = Assert.Single(source.ReadAll());
        Assert.Equal("dog/same-as-cat.png", entry.Key);
        Assert.Equal(Tree.Single(f => f.Path == "cat/img2.png").Content, content);
        using var all = LabelledTreeSource.Open(archive, new() { Include = ["*.png"] });
        Assert.Equal(6, all.ReadAll().Count());

        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive, new() { Include = ["*/soft.jpg"] }));
        Assert.Contains("symbolic link", error.Message);
        Assert.Contains("--dereference", error.Message);
    }

    [Fact]
    public void A_hard_link_to_a_member_that_is_not_there_says_why_and_what_to_do()
    {
        var entries = new System.Formats.Tar.TarEntry[]
        {
            TreeFixture.Regular("cat/a.png", [1]),
            new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.HardLink, "cat/b.png") { LinkName = "cat/missing.png" },
        };
        var tar = _fixture.WriteTarEntries(entries, "links.tar");
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(tar));
        Assert.Equal("cat/b.png", error.EntryName);
        Assert.Contains("hard link to 'cat/missing.png'", error.Problem);
        Assert.Contains("--hard-dereference", error.Problem);
    }

    [Theory]
    [InlineData("tree.tar.bz2")]
    [InlineData("tree.tar.xz")]
    [InlineData("tree.tar.zst")]
    [InlineData("tree.7z")]
    public void A_truncated_archive_names_the_archive(string name)
    {
        var archive = ArchiveTools.Pack(_fixture.WriteDirectory([("cat/a.bin", Noise(400_000)), ("dog/b.bin", Noise(400_000))]), _fixture.Path(name));
        using (var file = new FileStream(archive, FileMode.Open)) file.SetLength(file.Length * 2 / 3);

        var error = Assert.Throws<SourceException>(() =>
        {
            using var source = LabelledTreeSource.Open(archive);
            source.ReadAll().ToList();
        });
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData("junk.7z")]
    [InlineData("junk.tar.xz")]
    [InlineData("junk.tar.bz2")]
    [InlineData("junk.tar.zst")]
    public void A_file_that_is_not_an_archive_of_its_kind_says_so(string name)
    {
        File.WriteAllBytes(_fixture.Path(name), Noise(5000));
        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(_fixture.Path(name)));
        Assert.Contains(name, error.Message);
        Assert.DoesNotContain("Exception of type", error.Message);
    }

    [Theory]
    [InlineData("tree.tar.gz")]
    [InlineData("tree.tar.xz")]
    public void Listing_a_compressed_tar_stops_when_cancelled(string name)
    {
        // The listing pass decompresses the whole archive: a cancelled build must not wait for it.
        var archive = ArchiveTools.Pack(_fixture.WriteDirectory(Tree), _fixture.Path(name));
        Assert.ThrowsAny<OperationCanceledException>(() => LabelledTreeSource.Open(archive, cancellationToken: new CancellationToken(canceled: true)));
        using var source = LabelledTreeSource.Open(archive, cancellationToken: CancellationToken.None);
        Assert.Equal(6, source.Entries.Count);
    }

    [Fact]
    public void Damaged_7z_data_fails_its_recorded_crc_naming_the_entry()
    {
        var archive = ArchiveTools.Pack(_fixture.WriteDirectory([("cat/a.bin", Noise(400_000))]), _fixture.Path("tree.7z"));
        var bytes = File.ReadAllBytes(archive);
        for (var i = 100_000; i < 100_100; i++) bytes[i] ^= 0x5A; // inside the (stored, incompressible) data
        File.WriteAllBytes(archive, bytes);

        using var source = LabelledTreeSource.Open(archive);
        var error = Assert.Throws<SourceException>(() => source.ReadAll().ToList());
        Assert.Equal("cat/a.bin", error.EntryName);
        Assert.Contains("CRC-32 mismatch", error.Message);
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData("../evil.png")]
    [InlineData("/etc/evil.png")]
    [InlineData("cat\\..\\..\\evil.png")]
    public void Compressed_tar_names_escaping_the_root_are_refused(string hostile)
    {
        var tar = _fixture.WriteTar([("cat/a.png", [1]), (hostile, [2])], "hostile.tar");
        ArchiveTools.Run(_fixture.Folder, "xz", "-k", tar);
        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(tar + ".xz"));
        Assert.Equal(hostile, error.EntryName);
    }

    [Fact]
    public void Seven_zip_names_escaping_the_root_and_links_are_refused()
    {
        var folder = _fixture.WriteDirectory(Tree);
        var outside = _fixture.WriteDirectory([("evil.png", [6])], "outside");
        // -spf stores the path as given, so the archive holds "../outside/evil.png".
        ArchiveTools.Run(folder, "7zz", "a", "-bd", "-spf", _fixture.Path("escape.7z"), "cat", "../outside/evil.png");
        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(_fixture.Path("escape.7z")));
        Assert.Contains("'..'", error.Problem);

        File.CreateSymbolicLink(Path.Combine(folder, "cat", "link.png"), "/etc/passwd");
        ArchiveTools.Run(folder, "7zz", "a", "-bd", "-snl", _fixture.Path("links.7z"), ".");
        error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(_fixture.Path("links.7z")));
        Assert.Equal("cat/link.png", error.EntryName);
        Assert.Contains("symbolic link", error.Problem);
        using var withoutLink = LabelledTreeSource.Open(_fixture.Path("links.7z"), new() { Exclude = ["*/link.png"] });
        Assert.Equal(6, withoutLink.ReadAll().Count());
        _ = outside;
    }

    public void Dispose() => _fixture.Dispose();
}
