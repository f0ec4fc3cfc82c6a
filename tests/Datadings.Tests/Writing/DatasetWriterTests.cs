using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Writing;

public class DatasetWriterTests
{
    public static TheoryData<string> Vectors() => new(SharedVectors.DatasetNames());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Writing_the_decoded_samples_reproduces_all_six_reference_files(string name)
    {
        using var dir = new TempDir();
        var output = dir.File(name + ".msgpack");
        using (var reader = new DatasetReader(SharedVectors.Dataset(name)))
        using (var writer = new DatasetWriter(output))
        {
            foreach (var sample in reader) writer.Write(sample);
            writer.Complete();
        }
        DatasetAssert.SameFiles(SharedVectors.Dataset(name), output);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Raw_writes_reproduce_all_six_reference_files(string name)
    {
        using var dir = new TempDir();
        var output = dir.File(name + ".msgpack");
        using (var reader = new DatasetReader(SharedVectors.Dataset(name)))
        using (var writer = new DatasetWriter(output))
        {
            for (int i = 0; i < reader.Count; i++) writer.WriteRaw(reader.GetKey(i), reader.GetRawSpan(i));
            writer.Complete();
        }
        DatasetAssert.SameFiles(SharedVectors.Dataset(name), output);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Gathered_writes_mixed_with_raw_writes_reproduce_all_six_reference_files(string name)
    {
        using var dir = new TempDir();
        var output = dir.File(name + ".msgpack");
        using (var reader = new DatasetReader(SharedVectors.Dataset(name)))
        using (var writer = new DatasetWriter(output))
        {
            // Single raw writes (through the write buffer) and gathered batches of 1–5 samples, alternating.
            int i = 0;
            for (int batch = 1; i < reader.Count; batch = batch % 5 + 1)
            {
                writer.WriteRaw(reader.GetKey(i), reader.GetRawSpan(i));
                i++;
                int end = Math.Min(reader.Count, i + batch);
                var keys = Enumerable.Range(i, end - i).Select(reader.GetKey).ToArray();
                var samples = Enumerable.Range(i, end - i).Select(k => (ReadOnlyMemory<byte>)reader.GetRawSpan(k).ToArray()).ToArray();
                await writer.WriteRawGathered(keys, samples);
                i = end;
            }
            writer.Complete();
        }
        DatasetAssert.SameFiles(SharedVectors.Dataset(name), output);
    }

    [Fact]
    public void Nothing_appears_under_a_final_name_until_complete()
    {
        using var dir = new TempDir();
        using var writer = new DatasetWriter(dir.File("d.msgpack"));
        writer.Write(new Sample("a") { ["x"] = 1L });
        Assert.DoesNotContain(dir.FileNames(), f => f.StartsWith("d.msgpack", StringComparison.Ordinal));
        writer.Complete();
        Assert.Equal(["d.msgpack", "d.msgpack.filter", "d.msgpack.key_hashes", "d.msgpack.keys", "d.msgpack.md5", "d.msgpack.offsets"], dir.FileNames());
    }

    [Fact]
    public void A_writer_disposed_without_complete_leaves_no_file_at_all()
    {
        using var dir = new TempDir();
        try
        {
            using var writer = new DatasetWriter(dir.File("d.msgpack"));
            writer.Write(new Sample("a"));
            throw new InvalidOperationException("conversion failed");
        }
        catch (InvalidOperationException) { }
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void A_failed_write_keeps_the_existing_dataset_intact()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var before = DatasetAssert.FileSuffixes.Select(s => File.ReadAllBytes(path + s)).ToArray();
        using (var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true }))
        {
            writer.Write(new Sample("new"));
            Assert.Throws<ArgumentException>(() => writer.Write(new Sample("new")));
        }
        var after = DatasetAssert.FileSuffixes.Select(s => File.ReadAllBytes(path + s)).ToArray();
        Assert.Equal(before, after);
        Assert.Equal(6, dir.FileNames().Length);
    }

    [Fact]
    public void Duplicate_key_names_the_key_and_both_positions()
    {
        using var dir = new TempDir();
        using var writer = new DatasetWriter(dir.File("d.msgpack"));
        writer.Write(new Sample("a"));
        writer.Write(new Sample("b"));
        var e = Assert.Throws<ArgumentException>(() => writer.Write(new Sample("a")));
        Assert.Contains("\"a\"", e.Message);
        Assert.Contains("sample 2", e.Message);
        Assert.Contains("sample 0", e.Message);
    }

    [Fact]
    public void Existing_dataset_is_not_replaced_without_overwrite()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        var e = Assert.Throws<IOException>(() => new DatasetWriter(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("overwrite", e.Message);
    }

    [Fact]
    public void Overwrite_replaces_every_file_and_removes_a_stale_legacy_index()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        using (var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true }))
        {
            writer.Write(new Sample("z") { ["v"] = 1.5 });
            writer.Complete();
        }
        Assert.False(File.Exists(path + ".index"));
        using var reader = new DatasetReader(path);
        Assert.Equal(["z"], reader.Keys);
        reader.Verify();
    }

    [Fact]
    public void Parent_directories_are_created()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a", "b", "d.msgpack");
        using (var writer = new DatasetWriter(path))
        {
            writer.Write(new Sample("k"));
            writer.Complete();
        }
        Assert.True(File.Exists(path + ".md5"));
    }

    [Fact]
    public void Samples_without_a_string_key_are_rejected()
    {
        using var dir = new TempDir();
        using var writer = new DatasetWriter(dir.File("d.msgpack"));
        Assert.Contains("no \"key\"", Assert.Throws<ArgumentException>(() => writer.Write(new Sample { ["x"] = 1L })).Message);
        Assert.Contains("must be a string", Assert.Throws<ArgumentException>(() => writer.Write(new Sample { ["key"] = 5L })).Message);
    }

    [Fact]
    public void An_empty_packed_sample_is_rejected()
    {
        using var dir = new TempDir();
        using var writer = new DatasetWriter(dir.File("d.msgpack"));
        Assert.Throws<ArgumentException>(() => writer.WriteRaw("k", ReadOnlySpan<byte>.Empty));
    }
}
