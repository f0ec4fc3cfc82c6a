using Datadings.Sources;

namespace Datadings.Tests.Sources;

/// <summary>The same tree must give the same entries, order and bytes from every source kind.</summary>
public sealed class CrossSourceTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    // Stored out of order, with numbers that sort differently by value and by text.
    private static readonly IReadOnlyList<(string Path, byte[] Content)> Tree = TreeFixture.Files(
        "dog/img10.png", "cat/img2.png", "dog/img9.png", "cat/sub/img1.png", "cat/img10.png", "bird/x.jpg");

    [Fact]
    public void Every_kind_gives_identical_entries_in_identical_order()
    {
        var results = _fixture.WriteAllKinds(Tree).Select(path =>
        {
            using var source = LabelledTreeSource.Open(path);
            return (source.Labels, source.Entries);
        }).ToList();

        string[] expectedKeys = ["bird/x.jpg", "cat/img2.png", "cat/img10.png", "cat/sub/img1.png", "dog/img9.png", "dog/img10.png"];
        Assert.Equal(expectedKeys, results[0].Entries.Select(e => e.Key));
        Assert.Equal(["bird", "cat", "dog"], results[0].Labels);
        foreach (var (labels, entries) in results.Skip(1))
        {
            Assert.Equal(results[0].Labels, labels);
            Assert.Equal(results[0].Entries, entries);
        }
    }

    [Fact]
    public void Content_bytes_are_read_back_exactly_by_read_all_and_open()
    {
        var binary = new byte[300_000];
        new Random(7).NextBytes(binary);
        List<(string Path, byte[] Content)> files = [.. Tree, ("cat/big.bin", binary), ("dog/empty", [])];
        var expected = files.ToDictionary(f => f.Path, f => f.Content);

        foreach (var path in _fixture.WriteAllKinds(files))
        {
            using var source = LabelledTreeSource.Open(path);
            var all = source.ReadAll().ToList();
            Assert.Equal(source.Entries, all.Select(a => a.Entry));
            foreach (var (entry, content) in all)
            {
                Assert.Equal(expected[entry.Path], content);
                using var stream = source.Open(entry);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Assert.Equal(expected[entry.Path], copy.ToArray());
            }
        }
    }

    [Fact]
    public void Order_is_deterministic_whatever_order_the_archive_stores()
    {
        var reversed = Tree.Reverse().ToList();
        var zipA = _fixture.WriteZip(Tree, "a.zip");
        var zipB = _fixture.WriteZip(reversed, "b.zip");
        var tgzB = _fixture.WriteTar(reversed, "b.tar.gz");
        using var a = LabelledTreeSource.Open(zipA);
        using var b = LabelledTreeSource.Open(zipB);
        using var c = LabelledTreeSource.Open(tgzB);
        Assert.Equal(a.Entries, b.Entries);
        Assert.Equal(a.Entries, c.Entries);
        Assert.Equal(a.ReadAll().Select(x => x.Content), c.ReadAll().Select(x => x.Content));
    }

    [Fact]
    public void To_sample_builds_key_content_label_and_original_label()
    {
        using var source = LabelledTreeSource.Open(_fixture.WriteDirectory(Tree));
        var (entry, content) = source.ReadAll().First();

        var sample = entry.ToSample(content);

        Assert.Equal(["key", "image", "label", "_label"], sample.Keys);
        Assert.Equal("bird/x.jpg", sample.Key);
        Assert.Same(content, sample["image"]);
        Assert.Equal(0L, sample["label"]);
        Assert.Equal("bird", sample["_label"]);
        Assert.Equal(["key", "data", "label", "_label"], entry.ToSample(content, "data").Keys);
    }

    [Fact]
    public void Opening_an_entry_of_another_source_is_refused()
    {
        using var source = LabelledTreeSource.Open(_fixture.WriteDirectory(Tree));
        var stranger = source.Entries[0] with { Path = "elsewhere" };
        Assert.Throws<ArgumentException>(() => source.Open(stranger));
    }

    [Fact]
    public void Unsupported_file_kinds_and_missing_paths_are_named()
    {
        File.WriteAllText(_fixture.Path("tree.rar"), "x");
        var unsupported = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(_fixture.Path("tree.rar")));
        Assert.Contains("tree.rar", unsupported.Message);
        var missing = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(_fixture.Path("nothing.zip")));
        Assert.Contains("no such file", missing.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
