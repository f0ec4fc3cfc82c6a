using Datadings.Sources;

namespace Datadings.Tests.Sources;

public sealed class LabelTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    private static readonly IReadOnlyList<(string Path, byte[] Content)> Tree = TreeFixture.Files(
        "class10/a", "class2/a", "class1/a", "Zebra/a");

    [Fact]
    public void Discovered_labels_are_natsorted_and_numbered_in_that_order()
    {
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Tree));
        Assert.Equal(["Zebra", "class1", "class2", "class10"], source.Labels);
        Assert.Equal([0L, 1L, 2L, 3L], source.Entries.Select(e => e.Label));
        Assert.Equal(["Zebra", "class1", "class2", "class10"], source.Entries.Select(e => e.OriginalLabel));
    }

    [Fact]
    public void Explicit_labels_list_fixes_the_numbers()
    {
        var options = new LabelledTreeOptions { Labels = ["class10", "class2", "class1", "Zebra", "unused"] };
        using var source = new ZipTreeSource(_fixture.WriteZip(Tree), options);
        Assert.Equal(options.Labels, source.Labels);
        Assert.Equal(3L, source.Entries.Single(e => e.OriginalLabel == "Zebra").Label);
        Assert.Equal(0L, source.Entries.Single(e => e.OriginalLabel == "class10").Label);
    }

    [Fact]
    public void Labels_file_gives_one_label_per_line_trimmed()
    {
        var labelsFile = _fixture.Path("labels.txt");
        File.WriteAllText(labelsFile, "class2\r\n class1 \nclass10\nZebra\n");
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Tree), new() { LabelsFile = labelsFile });
        Assert.Equal(["class2", "class1", "class10", "Zebra"], source.Labels);
        Assert.Equal(1L, source.Entries.Single(e => e.OriginalLabel == "class1").Label);
    }

    [Fact]
    public void String_labels_keep_the_text_and_write_no_original_label()
    {
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Tree), new() { NumericLabels = false });
        var entry = source.Entries.Single(e => e.Key == "class2/a");
        Assert.Equal("class2", entry.Label);
        Assert.Equal(["key", "image", "label"], entry.ToSample([1]).Keys);
    }

    [Fact]
    public void Unknown_label_with_an_explicit_list_names_the_file_and_the_label()
    {
        var options = new LabelledTreeOptions { Labels = ["class1", "class2", "class10"] };
        var error = Assert.Throws<SourceException>(() => new TarTreeSource(_fixture.WriteTar(Tree), options));
        Assert.Contains("'Zebra'", error.Message);
        Assert.Equal("Zebra/a", error.EntryName);
        Assert.Contains("tree.tar", error.Message);
    }

    [Fact]
    public void Missing_labels_file_is_named()
    {
        var options = new LabelledTreeOptions { LabelsFile = _fixture.Path("nope.txt") };
        var error = Assert.Throws<SourceException>(() => new DirectoryTreeSource(_fixture.WriteDirectory(Tree), options));
        Assert.Contains("nope.txt", error.Message);
    }

    [Fact]
    public void Duplicate_or_doubly_given_labels_are_refused()
    {
        var root = _fixture.WriteDirectory(Tree);
        Assert.Throws<ArgumentException>(() => new DirectoryTreeSource(root, new() { Labels = ["a", "a"] }));
        File.WriteAllText(_fixture.Path("l.txt"), "a\n");
        Assert.Throws<ArgumentException>(() => new DirectoryTreeSource(root, new() { Labels = ["a"], LabelsFile = _fixture.Path("l.txt") }));
    }

    [Fact]
    public void Pattern_without_label_gives_unlabelled_entries()
    {
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Tree), new() { Patterns = ["**"] });
        Assert.Empty(source.Labels);
        Assert.All(source.Entries, e => Assert.Null(e.Label));
        Assert.Equal("class1/a", source.Entries[1].Key); // no {LABEL}: the key is the whole path
        Assert.Equal(["key", "image"], source.Entries[0].ToSample([]).Keys);
    }

    public void Dispose() => _fixture.Dispose();
}
