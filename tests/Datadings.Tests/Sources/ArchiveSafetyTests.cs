using System.Formats.Tar;
using System.IO.Compression;
using Datadings.Sources;

namespace Datadings.Tests.Sources;

/// <summary>Hostile names, links and damaged archives: each fails with the archive (and entry) named.</summary>
public sealed class ArchiveSafetyTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    private static readonly IReadOnlyList<(string Path, byte[] Content)> Good = TreeFixture.Files("cat/a.png", "dog/b.png");

    [Theory]
    [InlineData("../evil.png")]
    [InlineData("cat/../../evil.png")]
    [InlineData("/etc/evil.png")]
    [InlineData("C:/evil.png")]
    [InlineData("cat\\..\\..\\evil.png")]
    public void Zip_member_escaping_the_root_is_refused(string name)
    {
        var zip = _fixture.WriteZip(Good.Append((name, new byte[] { 1 })));
        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(zip));
        Assert.Equal(name, error.EntryName);
        Assert.Contains("tree.zip", error.Message);
    }

    [Theory]
    [InlineData("../evil.png")]
    [InlineData("./cat/../../evil.png")]
    [InlineData("/etc/evil.png")]
    [InlineData("cat\\..\\..\\evil.png")]
    public void Tar_entry_escaping_the_root_is_refused(string name)
    {
        foreach (var archive in new[] { "tree.tar", "tree.tar.gz" })
        {
            var tar = _fixture.WriteTar(Good.Append((name, new byte[] { 1 })), archive);
            var error = Assert.Throws<SourceException>(() => new TarTreeSource(tar));
            Assert.Equal(name, error.EntryName);
            Assert.Contains(archive, error.Message);
        }
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "symbolic link")]
    [InlineData(TarEntryType.HardLink, "hard link")]
    public void Tar_link_selected_by_a_pattern_is_refused(TarEntryType type, string reason)
    {
        var entries = Good.Select(f => TreeFixture.Regular(f.Path, f.Content))
            .Append<TarEntry>(new PaxTarEntry(type, "cat/link.png") { LinkName = "/etc/passwd" });
        var tar = _fixture.WriteTarEntries(entries, "links.tar");
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(tar));
        Assert.Contains(reason, error.Message);
        Assert.Equal("cat/link.png", error.EntryName);
    }

    [Fact]
    public void Tar_link_outside_the_selection_is_ignored()
    {
        var entries = Good.Select(f => TreeFixture.Regular(f.Path, f.Content))
            .Append<TarEntry>(new PaxTarEntry(TarEntryType.SymbolicLink, "cat/link.txt") { LinkName = "a.png" })
            .Prepend(new PaxTarEntry(TarEntryType.Directory, "cat/"));
        var tar = _fixture.WriteTarEntries(entries, "links.tar");
        using var source = new TarTreeSource(tar, new() { Include = ["*.png"] });
        Assert.Equal(["cat/a.png", "dog/b.png"], source.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Zip_symlink_member_selected_is_refused()
    {
        var zip = _fixture.WriteZip(Good);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var link = archive.CreateEntry("dog/link.png");
            link.ExternalAttributes = unchecked((int)0xA1FF0000); // S_IFLNK | 0777 in the Unix half
            using var stream = link.Open();
            stream.Write("../../etc/passwd"u8);
        }
        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(zip));
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public void Truncated_zip_names_the_archive()
    {
        var zip = _fixture.WriteZip(Good);
        Truncate(zip, new FileInfo(zip).Length / 2);
        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(zip));
        Assert.Contains("tree.zip", error.Message);
        Assert.IsNotType<SourceException>(error.InnerException);
    }

    [Fact]
    public void Zip_with_damaged_member_data_names_archive_and_member()
    {
        var content = new byte[4096];
        new Random(1).NextBytes(content);
        var zip = _fixture.WriteZip([("cat/noise.bin", content)]);
        var bytes = File.ReadAllBytes(zip);
        for (var i = 100; i < 600; i++) bytes[i] ^= 0x5A; // inside the member's compressed data
        File.WriteAllBytes(zip, bytes);

        using var source = new ZipTreeSource(zip);
        var error = Assert.Throws<SourceException>(() => source.ReadAll().ToList());
        Assert.Contains("tree.zip", error.Message);
        Assert.Equal("cat/noise.bin", error.EntryName);
    }

    [Fact]
    public void Tar_gz_with_bad_gzip_data_names_the_archive()
    {
        var path = _fixture.Path("bad.tar.gz");
        File.WriteAllBytes(path, "this is not gzip data at all, just text"u8.ToArray());
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(path));
        Assert.Contains("bad.tar.gz", error.Message);
    }

    [Fact]
    public void Truncated_tar_gz_names_the_archive()
    {
        var big = new byte[200_000];
        new Random(3).NextBytes(big);
        var path = _fixture.WriteTar([("cat/a.bin", big), ("dog/b.bin", big)], "cut.tar.gz");
        Truncate(path, new FileInfo(path).Length / 2);
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(path));
        Assert.Contains("cut.tar.gz", error.Message);
    }

    [Fact]
    public void Tar_truncated_inside_entry_data_names_archive_and_entry()
    {
        var tar = _fixture.WriteTar([("cat/a.png", new byte[100]), ("dog/b.png", new byte[5000])]);
        Truncate(tar, FindHeader(tar, "dog/b.png") + 512 + 2000); // b's header and part of its data
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(tar));
        Assert.Contains("truncated", error.Message);
        Assert.Equal("dog/b.png", error.EntryName);
    }

    [Fact]
    public void Tar_truncated_inside_a_header_names_the_archive()
    {
        var tar = _fixture.WriteTar([("cat/a.png", new byte[100]), ("dog/b.png", new byte[100])]);
        var secondHeaderStart = FindHeader(tar, "dog/b.png");
        Truncate(tar, secondHeaderStart + 200);
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(tar));
        Assert.Contains("tree.tar", error.Message);
    }

    private static long FindHeader(string tar, string name)
    {
        var bytes = File.ReadAllBytes(tar);
        var needle = System.Text.Encoding.ASCII.GetBytes(name);
        for (var block = 0; block + 512 <= bytes.Length; block += 512)
            if (bytes.AsSpan(block, needle.Length).SequenceEqual(needle)) return block;
        throw new InvalidOperationException("header not found");
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    public void Dispose() => _fixture.Dispose();
}
