using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Reading;

/// <summary>FORMAT.md §10: which index files a reader needs, and what it does without the optional ones.</summary>
public class MissingIndexFilesTests
{
    [Fact]
    public void Missing_data_file_names_it()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => new DatasetReader(dir.File("nope.msgpack")));
        Assert.Contains("nope.msgpack", e.Message);
    }

    [Fact]
    public void Without_offsets_and_legacy_index_the_error_names_both()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.Delete(path + ".offsets");
        var e = Assert.Throws<FileNotFoundException>(() => new DatasetReader(path));
        Assert.Contains("two.msgpack.offsets", e.Message);
        Assert.Contains("two.msgpack.index", e.Message);
    }

    [Fact]
    public void Without_keys_the_count_comes_from_offsets_and_key_access_says_what_is_missing()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.Delete(path + ".keys");
        using var reader = new DatasetReader(path);
        Assert.Equal(2, reader.Count);
        Assert.Equal("b", reader[1].Key);
        Assert.Contains(path + ".keys", reader.MissingIndexFiles);
        Assert.Contains(".keys", Assert.Throws<FileNotFoundException>(() => reader.GetKey(0)).Message);
    }

    [Fact]
    public void Without_key_hashes_lookups_recompute_them()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("mixed1000");
        File.Delete(path + ".key_hashes");
        using var reader = new DatasetReader(path);
        Assert.Equal(999, reader.FindIndex("999"));
        Assert.True(reader.Contains("500"));
    }

    [Fact]
    public void Without_filter_contains_falls_back_to_the_key_hashes()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.Delete(path + ".filter");
        using var reader = new DatasetReader(path);
        Assert.True(reader.Contains("a"));
        Assert.False(reader.Contains("c"));
    }

    [Fact]
    public void Without_md5_verification_says_so()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.Delete(path + ".md5");
        using var reader = new DatasetReader(path);
        Assert.Contains(".md5", Assert.Throws<FileNotFoundException>(() => reader.VerifyData()).Message);
    }

    [Fact]
    public void New_style_files_win_over_a_legacy_index()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.WriteAllBytes(path + ".index", [0x81, 0xa1, 0x7a, 0x00]); // {"z": 0}: a different, stale index
        using var reader = new DatasetReader(path);
        Assert.False(reader.IsLegacy);
        Assert.Equal(["a", "b"], reader.Keys);
    }
}
