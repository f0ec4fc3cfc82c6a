using System.Buffers.Binary;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Reading;

/// <summary>Each kind of damaged dataset gives a DatadingsFormatException that names the file and the byte offset.</summary>
public class CorruptDatasetTests
{
    private static DatadingsFormatException OpenAndRead(string path)
    {
        return Assert.Throws<DatadingsFormatException>(() =>
        {
            using var reader = new DatasetReader(path);
            for (int i = 0; i < reader.Count; i++) reader.Get(i);
            _ = reader.Keys;
            reader.Contains("x");
            if (reader.Count > 0) reader.FindIndex(reader.GetKey(0));
        });
    }

    [Fact]
    public void Truncated_data_file()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".offsets", e.FilePath);
        Assert.Equal(16, e.Offset); // the third offset (38) is the first past the end
        Assert.Contains("offset 38 of sample 2 points past the end of the 30-byte data file", e.Message);
    }

    [Fact]
    public void Data_file_with_trailing_bytes()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.AppendAllText(path, "xx");
        var e = OpenAndRead(path);
        Assert.Equal(path + ".offsets", e.FilePath);
        Assert.Contains("must equal the data file's length (40)", e.Message);
    }

    [Fact]
    public void Offsets_that_do_not_increase()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("mixed1000");
        var offsets = File.ReadAllBytes(path + ".offsets");
        BinaryPrimitives.WriteInt64BigEndian(offsets.AsSpan(8 * 5), BinaryPrimitives.ReadInt64BigEndian(offsets.AsSpan(8 * 3)));
        File.WriteAllBytes(path + ".offsets", offsets);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".offsets", e.FilePath);
        Assert.Equal(40, e.Offset);
        Assert.Contains("offsets must increase", e.Message);
    }

    [Fact]
    public void Offsets_file_of_odd_length()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.WriteAllBytes(path + ".offsets", File.ReadAllBytes(path + ".offsets")[..20]);
        var e = OpenAndRead(path);
        Assert.Equal(16, e.Offset);
        Assert.Contains("has 20 bytes", e.Message);
    }

    [Fact]
    public void Keys_count_that_disagrees_with_offsets()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.WriteAllBytes(path + ".keys", [0x91, 0xa1, 0x61]); // ["a"]
        var e = OpenAndRead(path);
        Assert.Equal(path + ".keys", e.FilePath);
        Assert.Equal(0, e.Offset);
        Assert.Contains("lists 1 keys", e.Message);
        Assert.Contains("2 samples", e.Message);
    }

    [Fact]
    public void Msgpack_length_prefix_larger_than_the_sample()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var data = File.ReadAllBytes(path);
        data[24 + 10] = 0x7f; // sample 1: "x" is bin8 (c4 at byte 33) of length 0 → 127
        File.WriteAllBytes(path, data);
        var e = OpenAndRead(path);
        Assert.Equal(path, e.FilePath);
        Assert.InRange(e.Offset!.Value, 24 + 9, 24 + 10);
    }

    [Fact]
    public void Filter_with_wrong_magic()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var filter = File.ReadAllBytes(path + ".filter");
        filter[0] = (byte)'X';
        File.WriteAllBytes(path + ".filter", filter);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".filter", e.FilePath);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Key_hashes_of_the_wrong_count()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.WriteAllBytes(path + ".key_hashes", File.ReadAllBytes(path + ".key_hashes")[..16]);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".key_hashes", e.FilePath);
    }

    [Fact]
    public void Md5_that_does_not_match_names_the_file_and_both_sums()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var data = File.ReadAllBytes(path);
        data[^1] ^= 1; // still valid msgpack, different bytes
        File.WriteAllBytes(path, data);
        using var reader = new DatasetReader(path);
        var e = Assert.Throws<DatadingsFormatException>(() => reader.VerifyData());
        Assert.Equal(path, e.FilePath);
        Assert.Contains("874bec5e041f71edab546a74a3f149af", e.Message);
        reader.VerifyIndex();
    }

    [Fact]
    public void Md5_file_with_a_malformed_line()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        File.AppendAllText(path + ".md5", "not-a-sum two.msgpack\n");
        using var reader = new DatasetReader(path);
        var e = Assert.Throws<DatadingsFormatException>(() => reader.Verify());
        Assert.Equal(path + ".md5", e.FilePath);
        Assert.Equal(File.ReadAllBytes(path + ".md5").Length - "not-a-sum two.msgpack\n".Length, e.Offset);
    }

    [Fact]
    public void Legacy_index_with_decreasing_offsets()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        File.WriteAllBytes(path + ".index", [0x83, 0xa1, 0x61, 0x00, 0xa1, 0x62, 0x26, 0xa1, 0x63, 0x18]);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".index", e.FilePath);
        Assert.Equal(9, e.Offset);
    }

    [Fact]
    public void Key_hashes_that_repeat_a_hash()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var hashes = File.ReadAllBytes(path + ".key_hashes");
        hashes.AsSpan(8, 8).CopyTo(hashes.AsSpan(16, 8));
        File.WriteAllBytes(path + ".key_hashes", hashes);
        var e = OpenAndRead(path);
        Assert.Equal(path + ".key_hashes", e.FilePath);
        Assert.Equal(16, e.Offset);
        Assert.Contains("repeats the hash of key 0", e.Message);
    }

    [Fact]
    public void Legacy_index_with_a_duplicate_key()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        File.WriteAllBytes(path + ".index", [0x83, 0xa1, 0x61, 0x00, 0xa1, 0x62, 0x18, 0xa1, 0x61, 0x26]); // a, b, a
        var e = OpenAndRead(path);
        Assert.Equal(path + ".index", e.FilePath);
        Assert.Contains("key \"a\" appears twice, at positions 0 and 2", e.Message);
    }
}
