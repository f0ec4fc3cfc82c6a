using System.IO.Compression;
using Datadings.Archives;
using Datadings.Conversions;
using Datadings.Sources;
using Datadings.Tests.Support;

namespace Datadings.Tests.Sources;

/// <summary>
/// Zip bombs and their relatives: expansion is bounded by entry size, total size and ratio, checked on the declared
/// sizes before anything is decompressed, in every archive kind; an empty archive is a warning.
/// </summary>
public sealed class ArchiveLimitsTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    public ArchiveLimitsTests() => ArchiveSources.Register();

    // 20 MiB of zeros deflates to about 20 KB: a ratio near 1000, past the 16 MiB grace.
    private static readonly byte[] Zeros = new byte[20 << 20];

    [Fact]
    public void A_zip_bomb_fails_at_its_first_entry_with_the_ratio_named()
    {
        var zip = _fixture.WriteZip([("cat/a.png", [1]), ("cat/bomb1.bin", Zeros), ("cat/bomb2.bin", Zeros)], "bomb.zip");

        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(zip));

        Assert.True(error.ExceedsLimit);
        Assert.Equal("cat/bomb1.bin", error.EntryName);
        Assert.Contains("MaxExpansionRatio", error.Problem);
        Assert.Contains("zip bomb", error.Problem);
    }

    [Fact]
    public void A_trusted_archive_passes_when_the_limit_is_raised()
    {
        var zip = _fixture.WriteZip([("cat/bomb1.bin", Zeros)], "bomb.zip");
        using var source = new ZipTreeSource(zip, new() { MaxExpansionRatio = 10_000 });
        Assert.Equal(Zeros.Length, source.ReadAll().Single().Content.Length);
    }

    [Theory]
    [InlineData("bomb.tar.gz")]
    [InlineData("bomb.tar.xz")]
    [InlineData("bomb.tar.zst")]
    [InlineData("bomb.7z")]
    public void Compressed_tars_and_7z_are_bounded_by_the_whole_archive_ratio(string name)
    {
        var archive = ArchiveTools.Pack(_fixture.WriteDirectory([("cat/bomb1.bin", Zeros), ("cat/bomb2.bin", Zeros)]), _fixture.Path(name));

        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive));

        Assert.True(error.ExceedsLimit);
        Assert.Contains("MaxExpansionRatio", error.Problem);
        Assert.EndsWith("bomb1.bin", error.EntryName);
    }

    [Theory]
    [InlineData("tree.zip")]
    [InlineData("tree.tar")]
    [InlineData("tree.tar.gz")]
    [InlineData("tree.tar.bz2")]
    [InlineData("tree.7z")]
    public void Entry_and_total_sizes_are_bounded_in_every_kind(string name)
    {
        var folder = _fixture.WriteDirectory([("cat/a.bin", new byte[3000]), ("dog/b.bin", new byte[3000])]);
        var archive = name.EndsWith(".zip")
            ? _fixture.WriteZip([("cat/a.bin", new byte[3000]), ("dog/b.bin", new byte[3000])], name)
            : ArchiveTools.Pack(folder, _fixture.Path(name));

        var entry = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive, new() { MaxEntryBytes = 2999 }));
        Assert.Contains("MaxEntryBytes", entry.Problem);
        Assert.True(entry.ExceedsLimit);

        var total = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive, new() { MaxExpandedBytes = 5000 }));
        Assert.Contains("MaxExpandedBytes", total.Problem);
        Assert.EndsWith(".bin", total.EntryName); // the second entry in archive order, whichever tar stored second

        using var fits = LabelledTreeSource.Open(archive, new() { MaxEntryBytes = 3000, MaxExpandedBytes = 6000 });
        Assert.Equal(2, fits.ReadAll().Count());
    }

    [Fact]
    public void Hard_links_count_against_the_total_because_their_bytes_are_written_again()
    {
        var folder = _fixture.WriteDirectory([("cat/a.bin", new byte[3000])]);
        ArchiveTools.Run(folder, "ln", "cat/a.bin", "cat/b.bin");
        var archive = ArchiveTools.Pack(folder, _fixture.Path("links.tar"));
        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive, new() { MaxExpandedBytes = 5000 }));
        Assert.Contains("MaxExpandedBytes", error.Problem);
    }

    [Theory]
    [InlineData("empty.zip")]
    [InlineData("empty.tar")]
    [InlineData("empty.tar.gz")]
    [InlineData("empty.tar.xz")]
    public void An_archive_without_files_is_flagged_and_the_conversion_warns(string name)
    {
        var emptyFolder = _fixture.WriteDirectory([], "nothing");
        Directory.CreateDirectory(Path.Combine(emptyFolder, "cat"));
        var archive = name.EndsWith(".zip") ? _fixture.WriteZip([], name) : ArchiveTools.Pack(emptyFolder, _fixture.Path(name));
        using (var source = LabelledTreeSource.Open(archive)) Assert.True(source.IsEmptyArchive);
        using (var folder = LabelledTreeSource.Open(emptyFolder)) Assert.False(folder.IsEmptyArchive);

        using var output = new TempDir();
        var context = new ConversionContext("ds", [new ConversionSource(name, archive)], projectDirectory: output.Path);
        var result = ConversionRunner.Run(new LabelledTreeConverter(), context, new ConversionTarget(output.Path, "ds", null));

        Assert.Equal(0, result.SampleCount);
        var warning = Assert.Single(context.Warnings);
        Assert.Equal(ConversionWarningKind.EmptyArchive, warning.Kind);
        Assert.Contains(name, warning.Message);
    }

    [Fact]
    public void The_conversion_reports_a_limit_as_its_own_error_kind()
    {
        var zip = _fixture.WriteZip([("cat/bomb1.bin", Zeros)], "bomb.zip");
        using var output = new TempDir();
        var context = new ConversionContext("ds", [new ConversionSource("bomb.zip", zip)], new Dictionary<string, string> { ["MaxExpansionRatio"] = "50" }, output.Path);

        var error = Assert.Throws<ConversionException>(() => ConversionRunner.Run(new LabelledTreeConverter(), context, new ConversionTarget(output.Path, "ds", null)));

        Assert.Equal(ConversionError.ArchiveLimit, error.Error);
        Assert.Contains("cat/bomb1.bin", error.Message);
        Assert.Empty(Directory.GetFiles(output.Path));
        Assert.Throws<ConversionException>(() => ConversionRunner.Run(new LabelledTreeConverter(),
            new ConversionContext("ds", [new ConversionSource("bomb.zip", zip)], new Dictionary<string, string> { ["MaxExpansionRatio"] = "lots" }, output.Path),
            new ConversionTarget(output.Path, "ds", null)));
    }

    public void Dispose() => _fixture.Dispose();
}
