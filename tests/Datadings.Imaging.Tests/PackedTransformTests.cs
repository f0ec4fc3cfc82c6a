using System.Buffers;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Transforms;
using Datadings.Writing;
using Microsoft.Data.Sqlite;

namespace Datadings.Imaging.Tests;

/// <summary>
/// A transform edits samples as encoded fields: untouched fields are copied as read, cached fields spliced in as
/// stored. These tests pin what that must keep: same bytes cold, warm, without cache and on any thread count;
/// odd but valid encodings left alone; a damaged stored value recomputed, never copied.
/// </summary>
public sealed class PackedTransformTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-packed-").FullName;
    private const string Script = "thumb = image | decode | resize 8x8 | encode png";

    // "count" is 1 written as a 9-byte int64 (msgpack-python would write 0x01), "ratio" a float32, and a field
    // named by the integer 7 sits between them: a decode → encode round trip would change all three.
    private static readonly byte[] LongOne = [0xd3, 0, 0, 0, 0, 0, 0, 0, 1];

    private string Input(int count)
    {
        var input = Path.Combine(_folder, "in.msgpack");
        string[] photos = ["coffee.png", "chelsea.png", "astronaut.png"];
        using var writer = new DatasetWriter(input, new DatasetWriterOptions { Overwrite = true });
        for (int i = 0; i < count; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var msgpack = new MsgpackWriter(buffer);
            msgpack.WriteMapHeader(5);
            msgpack.WriteString("key");
            msgpack.WriteString($"s{i}");
            msgpack.WriteString("image");
            msgpack.WriteBinary(Photos.Bytes(photos[i % photos.Length]));
            msgpack.WriteString("count");
            msgpack.WriteRaw(LongOne);
            msgpack.WriteInt64(7);
            msgpack.WriteString("seven");
            msgpack.WriteString("ratio");
            msgpack.WriteSingle(0.5f);
            writer.WriteRaw($"s{i}", buffer.WrittenSpan);
        }
        writer.Complete();
        return input;
    }

    private (byte[] Data, TransformCounts Counts) Run(string input, string name, TransformCache? cache, int threads, string script = Script)
    {
        var output = Path.Combine(_folder, name);
        using var parsed = TransformScript.Parse(script);
        var (_, counts) = TransformOperation.Run(input, output, parsed, new TransformOptions { Threads = threads, Cache = cache, Overwrite = true });
        return (File.ReadAllBytes(output), counts);
    }

    [Fact]
    public void Cold_warm_uncached_and_any_thread_count_write_the_same_bytes_and_untouched_fields_as_read()
    {
        var input = Input(6);
        using var cache = TransformCache.Open(Path.Combine(_folder, "cache"), 1L << 30);
        var uncached = Run(input, "none.msgpack", null, 1);
        var cold = Run(input, "cold.msgpack", cache, 2);
        var warm = Run(input, "warm.msgpack", cache, 2);
        var warmOne = Run(input, "warm1.msgpack", cache, 1);
        Assert.Equal((6L, 0L), (uncached.Counts.FieldsComputed, uncached.Counts.FieldsReused));
        Assert.Equal((0, 0L, 6L), (warm.Counts.SamplesComputed, warm.Counts.FieldsComputed, warm.Counts.FieldsReused));
        Assert.Equal(uncached.Data, cold.Data);
        Assert.Equal(uncached.Data, warm.Data);
        Assert.Equal(uncached.Data, warmOne.Data);

        using var source = new DatasetReader(input);
        using var reader = new DatasetReader(Path.Combine(_folder, "warm.msgpack"));
        for (int i = 0; i < reader.Count; i++)
        {
            var raw = reader.GetRaw(i).Span;
            Assert.True(PackedFields.TryGetRaw(raw, "count", out var count));
            Assert.Equal(LongOne, count.ToArray());
            Assert.True(PackedFields.TryGetRaw(raw, "ratio", out var ratio));
            Assert.Equal(5, ratio.Length); // still a float32
            Assert.True(PackedFields.TryGetRaw(raw, "image", out var image));
            Assert.True(PackedFields.TryGetRaw(source.GetRaw(i).Span, "image", out var sourceImage));
            Assert.True(image.SequenceEqual(sourceImage));
            var sample = reader[i];
            Assert.Equal(["key", "image", "count", "ratio", "thumb"], sample.Keys);
            Assert.Equal("seven", sample.NonStringFields![7L]);
            using var thumb = ImageCodec.Decode((byte[])sample["thumb"]!);
            Assert.Equal((8, 8), (thumb.Width, thumb.Height));
        }
        // The field named 7 kept its place between "count" and "ratio" (a decoded sample writes it last).
        var map = new MsgpackReader(reader.GetRaw(0).Span);
        Assert.Equal(6, map.ReadMapHeader());
        for (int f = 0; f < 3; f++) { map.Skip(); map.Skip(); }
        Assert.Equal(7L, map.ReadInt64());
    }

    [Fact]
    public void A_damaged_stored_value_is_recomputed_and_replaced_never_copied()
    {
        var input = Input(3);
        using var cache = TransformCache.Open(Path.Combine(_folder, "cache"), 1L << 30);
        var cold = Run(input, "cold.msgpack", cache, 1);
        using (var sqlite = new SqliteConnection($"Data Source={cache.Path};Pooling=False"))
        {
            sqlite.Open();
            using var damage = sqlite.CreateCommand();
            // A truncated bin, a lone invalid code, and two values where one was stored.
            damage.CommandText = "UPDATE entries SET value = CASE rowid % 3 WHEN 0 THEN x'c4ff00' WHEN 1 THEN x'c1' ELSE x'0102' END";
            Assert.Equal(3, damage.ExecuteNonQuery());
        }
        var repaired = Run(input, "repaired.msgpack", cache, 2);
        Assert.Equal((3, 3L, 0L), (repaired.Counts.SamplesComputed, repaired.Counts.FieldsComputed, repaired.Counts.FieldsReused));
        Assert.Equal(cold.Data, repaired.Data);
        var reused = Run(input, "reused.msgpack", cache, 2);
        Assert.Equal((0L, 3L), (reused.Counts.FieldsComputed, reused.Counts.FieldsReused));
        Assert.Equal(cold.Data, reused.Data);
        Assert.Equal("ok", cache.IntegrityCheck());
    }

    [Fact]
    public void Entries_of_the_previous_key_format_are_never_served()
    {
        var input = Input(3);
        using var cache = TransformCache.Open(Path.Combine(_folder, "cache"), 1L << 30);
        // Session 3's keys were 32-byte SHA-256 digests: a cache full of them (with wrong values) is only dead weight.
        cache.Commit([.. Enumerable.Range(0, 50).Select(i => (System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)), new byte[] { 0xc0 }))], []);
        var first = Run(input, "first.msgpack", cache, 2);
        Assert.Equal((3L, 0L), (first.Counts.FieldsComputed, first.Counts.FieldsReused));
        Assert.Equal(Run(input, "none.msgpack", null, 1).Data, first.Data);
        Assert.Equal(53L, cache.Size().Entries);
    }

    [Theory]
    [InlineData("sqlite_autoindex_entries_1")] // found by the first lookup
    [InlineData("entries")] // found by the first lookup's row read
    public void A_page_damaged_deeper_than_open_checks_is_replaced_and_the_run_repeated(string damaged)
    {
        var input = Input(3);
        var directory = Path.Combine(_folder, "cache");
        byte[] cold;
        using (var cache = TransformCache.Open(directory, 1L << 30))
            cold = Run(input, "cold.msgpack", cache, 1).Data;
        long page;
        using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(directory, TransformCache.FileName)};Pooling=False"))
        {
            sqlite.Open();
            using var root = sqlite.CreateCommand();
            root.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            root.ExecuteNonQuery();
            root.CommandText = $"SELECT rootpage FROM sqlite_master WHERE name = '{damaged}'";
            page = (long)root.ExecuteScalar()!;
        }
        using (var file = File.OpenWrite(Path.Combine(directory, TransformCache.FileName)))
        {
            file.Position = (page - 1) * 4096;
            file.Write(Enumerable.Repeat((byte)0xa5, 4096).ToArray());
        }

        using var reopened = TransformCache.Open(directory, 1L << 30);
        Assert.Null(reopened.Replaced); // the header and schema are sound: Open cannot tell
        var repaired = Run(input, "repaired.msgpack", reopened, 2);
        Assert.Contains("was damaged (SQLite Error 11", reopened.Replaced);
        Assert.Equal((3, 3L, 0L), (repaired.Counts.SamplesComputed, repaired.Counts.FieldsComputed, repaired.Counts.FieldsReused));
        Assert.Equal(cold, repaired.Data);
        Assert.Equal("ok", reopened.IntegrityCheck());
        Assert.Equal(0, reopened.Prune());
        Assert.Equal(3L, reopened.Size().Entries);
        Assert.Equal((0L, 3L), (Run(input, "reused.msgpack", reopened, 2).Counts.FieldsComputed, 3L));
    }

    [Theory]
    [InlineData("rename key name", "sample 's0': the script leaves no \"key\" field")]
    [InlineData("rename count key", "sample 's0': the script leaves a \"key\" that is not a string")]
    public void A_script_that_removes_the_string_key_is_refused_with_no_output(string script, string message)
    {
        var input = Input(2);
        var e = Assert.Throws<TransformException>(() => Run(input, "out.msgpack", null, 1, script));
        Assert.Equal(TransformError.SampleDoesNotFit, e.Error);
        Assert.StartsWith(message, e.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "out.msgpack")));
        Assert.Empty(Directory.GetFiles(_folder, "out*"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
