using Datadings.Sources;

namespace Datadings.Tests.Sources;

public sealed class ListingTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    private static readonly IReadOnlyList<(string Path, byte[] Content)> Images = TreeFixture.Files(
        "images/a.png", "images/b.png", "images/c.png");

    [Fact]
    public void Listing_on_disk_gives_paths_labels_and_extra_columns_in_line_order()
    {
        var listing = _fixture.Path("train.tsv");
        File.WriteAllText(listing, "c.png\tdog\t3\tgrey\nb.png\tcat\n\na.png\tdog\t1\n");
        var options = new LabelledTreeOptions { Patterns = [listing], RootDir = "images" };

        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Images), options);

        Assert.Equal(["c.png", "b.png", "a.png"], source.Entries.Select(e => e.Key));
        Assert.Equal(["images/c.png", "images/b.png", "images/a.png"], source.Entries.Select(e => e.Path));
        Assert.Equal(["cat", "dog"], source.Labels);
        Assert.Equal([1L, 0L, 1L], source.Entries.Select(e => e.Label));
        Assert.Equal(["3", "grey"], source.Entries[0].AdditionalInfo);
        Assert.Empty(source.Entries[1].AdditionalInfo);
        var sample = source.Entries[0].ToSample([9]);
        Assert.Equal(["key", "image", "label", "_label", "_additional_info"], sample.Keys);
        Assert.Equal(new List<string> { "3", "grey" }, sample["_additional_info"]);
    }

    [Fact]
    public void Listing_inside_a_zip_with_another_separator_reads_zip_members()
    {
        var files = Images.Append(("lists/val.csv", "images/b.png,cat\nimages/a.png,dog\n"u8.ToArray())).ToList();
        var options = new LabelledTreeOptions { Patterns = ["lists/val.csv"], Separator = "," };
        using var source = new ZipTreeSource(_fixture.WriteZip(files), options);
        Assert.Equal(["images/b.png", "images/a.png"], source.Entries.Select(e => e.Key));
        Assert.Equal(["content of images/b.png", "content of images/a.png"],
            source.ReadAll().Select(x => System.Text.Encoding.UTF8.GetString(x.Content)));
    }

    [Fact]
    public void Listing_inside_a_tar_gz_works_like_in_a_directory()
    {
        var files = Images.Append(("list.txt", "images/c.png\tx\n"u8.ToArray())).ToList();
        var options = new LabelledTreeOptions { Patterns = ["list.txt"] };
        using var fromTgz = new TarTreeSource(_fixture.WriteTar(files, "t.tar.gz"), options);
        using var fromDir = new DirectoryTreeSource(_fixture.WriteDirectory(files), options);
        Assert.Equal(fromDir.Entries, fromTgz.Entries);
        Assert.Single(fromTgz.Entries);
    }

    [Fact]
    public void Listing_without_label_column_gives_unlabelled_entries()
    {
        var listing = _fixture.Path("plain.txt");
        File.WriteAllText(listing, "images/a.png\nimages/b.png\n");
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Images), new() { Patterns = [listing] });
        Assert.All(source.Entries, e => Assert.Null(e.Label));
    }

    [Fact]
    public void Listed_file_missing_from_the_source_names_listing_and_line()
    {
        var listing = _fixture.Path("bad.txt");
        File.WriteAllText(listing, "images/a.png\tx\nimages/zzz.png\tx\n");
        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(_fixture.WriteZip(Images), new() { Patterns = [listing] }));
        Assert.Contains("bad.txt", error.Message);
        Assert.Contains("line 2", error.Message);
        Assert.Equal("images/zzz.png", error.EntryName);
    }

    [Fact]
    public void Listed_path_escaping_the_root_is_refused()
    {
        var listing = _fixture.Path("escape.txt");
        File.WriteAllText(listing, "../../etc/passwd\tx\n");
        var error = Assert.Throws<SourceException>(() => new DirectoryTreeSource(_fixture.WriteDirectory(Images), new() { Patterns = [listing] }));
        Assert.Contains("'..'", error.Message);
        Assert.Contains("escape.txt", error.Message);
    }

    [Fact]
    public void Some_entries_labelled_and_others_not_is_refused()
    {
        var listing = _fixture.Path("mixed.txt");
        File.WriteAllText(listing, "images/a.png\tcat\nimages/b.png\n");
        var error = Assert.Throws<SourceException>(() => new DirectoryTreeSource(_fixture.WriteDirectory(Images), new() { Patterns = [listing] }));
        Assert.Equal("images/b.png", error.EntryName);
    }

    [Fact]
    public void Include_and_exclude_apply_to_the_listed_path()
    {
        var listing = _fixture.Path("all.txt");
        File.WriteAllText(listing, "a.png\tx\nb.png\tx\nc.png\ty\n");
        var options = new LabelledTreeOptions { Patterns = [listing], RootDir = "images", Exclude = ["b.*"] };
        using var source = new DirectoryTreeSource(_fixture.WriteDirectory(Images), options);
        Assert.Equal(["a.png", "c.png"], source.Entries.Select(e => e.Key));
    }

    public void Dispose() => _fixture.Dispose();
}
