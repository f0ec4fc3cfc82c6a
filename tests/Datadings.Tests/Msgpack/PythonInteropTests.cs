using System.Security.Cryptography;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Msgpack;

/// <summary>Samples the Python reference writes that the .NET model must read and re-encode exactly (issue 17, items 24–28).</summary>
public class PythonInteropTests
{
    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>A one-sample dataset of exactly these packed bytes, as the reference's RawWriter writes it.</summary>
    private static void WriteRaw(string path, string key, byte[] packed)
    {
        using var writer = new DatasetWriter(path);
        writer.WriteRaw(key, packed);
        writer.Complete();
    }

    [Theory]
    [InlineData("cb 7ff8000000000000")] // float('nan')
    [InlineData("cb fff8000000000000")] // -float('nan'), float('inf') - float('inf'), numpy 0/0
    [InlineData("cb 7ff0000000000001")] // a signalling NaN from struct.unpack
    [InlineData("cb fff800000000abcd")] // a payload
    [InlineData("ca ffc00000")]         // float32 -nan (numpy.float32 written by msgpack-numpy is a map; a raw float32 from other writers)
    public void Nan_bits_survive_decoding_and_re_encoding(string hex)
    {
        byte[] packed = [0x82, 0xa3, .. "key"u8, 0xa1, (byte)'a', 0xa1, (byte)'v', .. Bytes(hex)];
        using var dir = new TempDir();
        string python = dir.File("python.msgpack"), copy = dir.File("copy.msgpack");
        WriteRaw(python, "a", packed);
        // Read back and re-encode, as merge and relabel do.
        using (var reader = new DatasetReader(python))
        using (var writer = new DatasetWriter(copy))
        {
            writer.Write(reader.Get(0));
            writer.Complete();
        }
        Assert.Equal(File.ReadAllBytes(python), File.ReadAllBytes(copy));
        Assert.Equal(packed, MsgpackSerializer.SerializeSample(MsgpackSerializer.DeserializeSample(packed)));
    }

    [Fact]
    public void A_float64_NpScalar_packs_like_numpy_float64_a_plain_float()
    {
        // numpy: packb(np.float64(0.1)) == packb(0.1) == cb 3fb999999999999a
        Assert.Equal(Bytes("cb 3fb999999999999a"), MsgpackSerializer.Serialize(NpScalar.From(0.1)));
        Assert.True(NpScalar.From(0.1).IsFloat64);
        Assert.Equal(0.1, MsgpackSerializer.Deserialize(MsgpackSerializer.Serialize(NpScalar.From(0.1))));
        // A big-endian float64 scalar is a numpy.float64 in Python too.
        Assert.Equal(Bytes("cb 3ff8000000000000"), MsgpackSerializer.Serialize(new NpScalar(">f8", Bytes("3ff8000000000000"))));
        // NaN bits of a float64 scalar are kept.
        Assert.Equal(Bytes("cb fff8000000000001"), MsgpackSerializer.Serialize(new NpScalar("<f8", Bytes("010000000000f8ff"))));
        // Other dtypes stay msgpack-numpy maps: numpy.float32(1.5) → {b'nd': False, b'type': '<f4', b'data': b'\x00\x00\xc0?'}.
        Assert.Equal(Bytes("83 c4026e64 c2 c40474797065 a33c6634 c40464617461 c404 0000c03f"), MsgpackSerializer.Serialize(NpScalar.From(1.5f)));
        Assert.False(NpScalar.From(1.5f).IsFloat64);
    }

    [Fact]
    public void Non_map_samples_are_readable_raw_and_the_decoded_api_says_what_it_found()
    {
        using var dir = new TempDir();
        string path = dir.File("raw.msgpack");
        byte[] packed = [0x92, 0x01, 0x02]; // RawWriter with packb([1, 2])
        WriteRaw(path, "0", packed);
        using var reader = new DatasetReader(path);
        Assert.Equal(packed, reader.GetRaw(0).ToArray());
        Assert.Equal("0", reader.GetKey(0));
        Assert.Equal(new List<object?> { 1L, 2L }, reader.GetValue(0));
        var e = Assert.Throws<DatadingsFormatException>(() => reader.Get(0));
        Assert.Contains("is an array, not a map", e.Message);
        Assert.Contains("GetValue", e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Non_string_top_level_field_names_read_and_re_encode_through_a_dataset()
    {
        // Python: FileWriter.write({'key': 'a', 1: 'x'})
        byte[] packed = Bytes("82 a36b6579 a161 01 a178");
        using var dir = new TempDir();
        string path = dir.File("python.msgpack"), copy = dir.File("copy.msgpack");
        WriteRaw(path, "a", packed);
        using (var reader = new DatasetReader(path))
        {
            var sample = reader.Get(0);
            Assert.Equal("a", sample.Key);
            Assert.Equal("x", sample.NonStringFields![1L]);
            var whole = Assert.IsType<MsgpackMap>(reader.GetValue(0));
            Assert.Equal(new object[] { "key", 1L }, whole.Keys);
            using var writer = new DatasetWriter(copy);
            writer.Write(sample);
            writer.Complete();
        }
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
    }

    [Fact]
    public void Pooled_samples_hold_the_same_bytes_until_disposed()
    {
        using var dir = new TempDir();
        string path = dir.File("pooled.msgpack");
        var image = new byte[300_000];
        new Random(7).NextBytes(image);
        using (var writer = new DatasetWriter(path))
        {
            writer.Write(new Sample("a") { ["image"] = image, ["empty"] = Array.Empty<byte>(), ["label"] = 3L });
            writer.Complete();
        }
        using var reader = new DatasetReader(path);
        var sample = reader.GetPooled(0);
        var bytes = Assert.IsType<ReadOnlyMemory<byte>>(sample["image"]);
        Assert.True(bytes.Span.SequenceEqual(image));
        Assert.Equal(0, Assert.IsType<ReadOnlyMemory<byte>>(sample["empty"]).Length);
        Assert.Equal(3L, sample["label"]);
        // Re-encoding a pooled sample gives the stored bytes.
        Assert.Equal(reader.GetRaw(0).ToArray(), MsgpackSerializer.SerializeSample(sample));
        sample.Dispose();
        Assert.Empty(sample);
        // The default API's arrays belong to the caller.
        Assert.Equal(image, Assert.IsType<byte[]>(reader.Get(0)["image"]));
    }

    [Fact]
    public void The_data_md5_is_right_when_samples_cross_and_exceed_the_hashing_chunks()
    {
        using var dir = new TempDir();
        string path = dir.File("chunks.msgpack");
        var random = new Random(3);
        using (var writer = new DatasetWriter(path))
        {
            // Sizes around and above the 1 MiB chunk, so samples straddle chunk boundaries and span several chunks.
            int[] sizes = [10, 1_048_000, 700, 3_000_000, 1_048_576, 5, 2_500_000];
            for (int i = 0; i < sizes.Length; i++)
            {
                var payload = new byte[sizes[i]];
                random.NextBytes(payload);
                writer.Write(new Sample(i.ToString()) { ["b"] = payload });
            }
            writer.Complete();
        }
        string expected = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));
        Assert.StartsWith(expected + "  chunks.msgpack", File.ReadAllText(DatasetPaths.For(path).Md5));
        using var reader = new DatasetReader(path);
        reader.VerifyData();
        Assert.Equal(7, reader.Count);
    }

    [Theory]
    [InlineData("x", 40, "x", false)]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\U0001F600y", 40, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\U0001F600", true)]
    [InlineData("e\u0301e\u0301e\u0301", 2, "e\u0301e\u0301", true)]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467ab", 1, "\U0001F468\u200D\U0001F469\u200D\U0001F467", true)] // a family emoji is one character
    public void Display_text_cuts_between_text_elements(string text, int max, string prefix, bool cut)
    {
        Assert.Equal(prefix, DisplayText.Prefix(text, max, out bool wasCut));
        Assert.Equal(cut, wasCut);
        Assert.False(char.IsHighSurrogate(prefix[^1]));
    }

    [Fact]
    public void Display_text_counts_and_shortens_in_text_elements()
    {
        Assert.Equal(41, DisplayText.Length(new string('x', 39) + "\U0001F600y"));
        Assert.Equal("ab\U0001F600...", DisplayText.Shorten("ab\U0001F600cdefg", 6));
        Assert.Equal("abc", DisplayText.Shorten("abc", 6));
    }
}
