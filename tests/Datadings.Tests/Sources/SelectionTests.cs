using Datadings.Sources;

namespace Datadings.Tests.Sources;

public sealed class SelectionTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    private static readonly IReadOnlyList<(string Path, byte[] Content)> Split = TreeFixture.Files(
        "data/train/cat/1.png", "data/train/cat/2.jpg", "data/train/dog/1.png", "data/train/dog/notes.txt",
        "data/test/cat/3.png", "data/test/dog/4.png", "data/train/.cache/x.png", "data/README");

    [Fact]
    public void Nested_label_level_labels_by_that_directory_and_keys_start_there()
    {
        using var source = new ZipTreeSource(_fixture.WriteZip(Split), new() { Patterns = ["data/train/{LABEL}/*.png"] });
        Assert.Equal(["cat/1.png", "dog/1.png"], source.Entries.Select(e => e.Key));
        Assert.Equal(["data/train/cat/1.png", "data/train/dog/1.png"], source.Entries.Select(e => e.Path));
        Assert.Equal(["cat", "dog"], source.Labels); // the hidden .cache is never a label
    }

    [Fact]
    public void Several_patterns_keep_pattern_order_and_strip_only_their_common_directories()
    {
        var options = new LabelledTreeOptions { Patterns = ["data/train/{LABEL}/*.png", "data/test/{LABEL}/*.png"] };
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Split), options);
        Assert.Equal(["train/cat/1.png", "train/dog/1.png", "test/cat/3.png", "test/dog/4.png"], source.Entries.Select(e => e.Key));
        Assert.Equal([0L, 1L, 0L, 1L], source.Entries.Select(e => e.Label));
    }

    [Fact]
    public void Include_keeps_only_matching_full_paths()
    {
        var options = new LabelledTreeOptions { Patterns = ["data/{LABEL}/**"], Include = ["*.png", "*/notes.txt"] };
        using var source = new TarTreeSource(_fixture.WriteTar(Split), options);
        Assert.Equal(["test/cat/3.png", "test/dog/4.png", "train/cat/1.png", "train/dog/1.png", "train/dog/notes.txt"],
            source.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Exclude_drops_any_match_even_when_included()
    {
        var options = new LabelledTreeOptions { Patterns = ["data/train/{LABEL}/**"], Include = ["*.png", "*.jpg"], Exclude = ["*/dog/*"] };
        using var source = new TarTreeSource(_fixture.WriteTar(Split, "tree.tgz"), options);
        Assert.Equal(["cat/1.png", "cat/2.jpg"], source.Entries.Select(e => e.Key));
        Assert.Equal(["cat"], source.Labels);
    }

    [Fact]
    public void Empty_tree_gives_no_entries_and_no_labels()
    {
        foreach (var path in _fixture.WriteAllKinds([]))
        {
            using var source = LabelledTreeSource.Open(path);
            Assert.Empty(source.Entries);
            Assert.Empty(source.Labels);
            Assert.Empty(source.ReadAll());
        }
    }

    [Fact]
    public void Pattern_matching_nothing_gives_no_entries()
    {
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Split), new() { Patterns = ["nowhere/{LABEL}/*"] });
        Assert.Empty(source.Entries);
    }

    [Fact]
    public void The_same_key_twice_is_refused()
    {
        var options = new LabelledTreeOptions { Patterns = ["data/train/{LABEL}/*.png", "data/train/{LABEL}/1.png"] };
        var error = Assert.Throws<SourceException>(() => new DirectoryTreeSource(_fixture.WriteDirectory(Split), options));
        Assert.Contains("key 'cat/1.png'", error.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
