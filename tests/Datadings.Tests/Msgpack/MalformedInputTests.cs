using Datadings.Msgpack;

namespace Datadings.Tests.Msgpack;

/// <summary>Malformed input always ends in a DatadingsFormatException that says where and what, never a crash.</summary>
public class MalformedInputTests
{
    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static DatadingsFormatException Fails(string hex) =>
        Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.Deserialize(Bytes(hex)));

    public static TheoryData<string> Datasets => VectorDataset.Names();

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_truncated_sample_is_a_format_error(string name)
    {
        var set = VectorDataset.Load(name);
        for (int i = 0; i < set.Samples.Length; i++)
        {
            var bytes = set.SampleBytes(i);
            for (int length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes[..length];
                try
                {
                    MsgpackSerializer.DeserializeSample(prefix.Span);
                    Assert.Fail($"{name}#{i}: a {length}-byte prefix decoded");
                }
                catch (DatadingsFormatException e)
                {
                    Assert.InRange(e.Offset ?? -1, 0, length);
                }
            }
        }
    }

    [Fact]
    public void Truncated_prefixes_fail_in_every_api()
    {
        var set = VectorDataset.Load("numpy");
        var bytes = set.SampleBytes(set.Samples.Length - 1);
        for (int length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.Deserialize(prefix, zeroCopyBinary: true));
            Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(prefix.Span).Skip());
        }
    }

    [Fact]
    public void Code_0xc1_is_never_valid()
    {
        var e = Fails("c1");
        Assert.Equal(0, e.Offset);
        Assert.Contains("0xc1", e.Message);
        Assert.Equal(2, Fails("92 01 c1").Offset);
        Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(Bytes("c1")).Skip());
        Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(Bytes("c1")).PeekFormat());
    }

    [Fact]
    public void Length_prefix_beyond_the_buffer_names_offset_and_sizes()
    {
        var e = Fails("91 db ffffffff 000000000000000000000000");
        Assert.Equal(1, e.Offset);
        Assert.Equal("str32 length 4294967295 exceeds the 12 bytes remaining", e.Problem);
        Assert.Equal(0, Fails("c5 0100 00").Offset);
        Assert.Equal(0, Fails("c7 05 01 00").Offset);
        Assert.Contains("bin8 length 3", Fails("c4 03 0102").Message);
    }

    [Fact]
    public void Wrong_type_message_says_what_was_expected_and_found()
    {
        var e = Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.DeserializeSample(Bytes("a3 6b6579")));
        Assert.Equal("the packed sample is a string, not a map, so it cannot be decoded as a Sample (the reference's RawWriter accepts any msgpack value); read it with GetRaw or GetValue", e.Problem);
        Assert.Equal(0, e.Offset);
        var end = Assert.Throws<DatadingsFormatException>(() => new MsgpackReader([]).ReadInt64());
        Assert.Contains("end of the data", end.Message);
    }

    [Fact]
    public void Huge_container_headers_with_few_bytes_fail_before_allocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = Fails("dd ffffffff 01 02 03");
        var map = Fails("df ffffffff 01 02 03");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, array.Offset);
        Assert.Contains("array32 count 4294967295", array.Message);
        Assert.Contains("map32 count 4294967295", map.Message);
        Assert.True(allocated < 100_000, $"allocated {allocated} bytes");
        // 3 bytes cannot hold 2 map entries (each needs a key and a value).
        Assert.Equal(0, Fails("82 01 02 03").Offset);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        byte[] nested = Enumerable.Repeat((byte)0x91, 100_000).Append((byte)0xc0).ToArray();
        var e = Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.Deserialize(nested));
        Assert.Contains("nesting deeper than 1024", e.Message);
        Assert.Equal(1024, e.Offset);
        // Skip is iterative, so it walks any depth.
        var reader = new MsgpackReader(nested);
        reader.Skip();
        Assert.True(reader.End);

        byte[] nestedMaps = Enumerable.Range(0, 50_000).SelectMany(_ => new byte[] { 0x81, 0xa0 }).Append((byte)0xc0).ToArray();
        Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.Deserialize(nestedMaps));

        // msgpack-python reads 1024 non-empty containers; empty ones do not count.
        byte[] deepest = Enumerable.Repeat((byte)0x91, 1024).Append((byte)0xc0).ToArray();
        Assert.IsType<List<object?>>(MsgpackSerializer.Deserialize(deepest));
        Assert.IsType<List<object?>>(MsgpackSerializer.Deserialize(Enumerable.Repeat((byte)0x91, 1024).Append((byte)0x90).ToArray()));
        Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.Deserialize(Enumerable.Repeat((byte)0x91, 1025).Append((byte)0xc0).ToArray()));
    }

    [Fact]
    public void Writing_nests_as_deep_as_python_and_no_deeper()
    {
        // msgpack-python's Packer (nest_limit 511): 511 lists around a value, or 512 when the innermost is empty.
        byte[] python511 = Enumerable.Repeat((byte)0x91, 511).Append((byte)0xc0).ToArray();
        Assert.Equal(python511, MsgpackSerializer.Serialize(MsgpackSerializer.Deserialize(python511)));
        byte[] emptyInnermost = Enumerable.Repeat((byte)0x91, 511).Append((byte)0x90).ToArray();
        Assert.Equal(emptyInnermost, MsgpackSerializer.Serialize(MsgpackSerializer.Deserialize(emptyInnermost)));

        byte[] python512 = Enumerable.Repeat((byte)0x91, 512).Append((byte)0xc0).ToArray();
        object? tooDeep = MsgpackSerializer.Deserialize(python512);
        var e = Assert.Throws<ArgumentException>(() => MsgpackSerializer.Serialize(tooDeep));
        Assert.Contains("deeper than 511 levels", e.Message);
        // A sample counts as the outermost map: 510 lists inside a field are the most.
        object? nested = MsgpackSerializer.Deserialize(Enumerable.Repeat((byte)0x91, 510).Append((byte)0xc0).ToArray());
        Assert.NotEmpty(MsgpackSerializer.SerializeSample(new Sample("k") { ["v"] = nested }));
        Assert.Throws<ArgumentException>(() => MsgpackSerializer.SerializeSample(new Sample("k") { ["v"] = new List<object?> { nested } }));
    }

    [Fact]
    public void Invalid_utf8_in_a_str_is_an_error()
    {
        Assert.Equal(1, Fails("91 a2 c328").Offset);
        Fails("a3 eda080");          // an encoded surrogate, rejected by Python too
        Fails("a2 c0af");            // overlong encoding
        Assert.Equal(1, Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.DeserializeSample(Bytes("81 a1ff 01"))).Offset);
        Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(Bytes("a1 80")).ReadString());
        Assert.Equal(1, Fails("81 a2 ff00 01").Offset); // through the key cache: the key's format code
    }

    [Fact]
    public void Trailing_bytes_after_the_object_are_an_error()
    {
        var e = Fails("01 02");
        Assert.Equal(1, e.Offset);
        Assert.Contains("1 trailing bytes", e.Message);
        var sample = Assert.Throws<DatadingsFormatException>(() => MsgpackSerializer.DeserializeSample(Bytes("80 c0 c0")));
        Assert.Equal(1, sample.Offset);
    }

    [Fact]
    public void Sample_field_names_that_are_not_str_go_to_NonStringFields()
    {
        // Python: packb({'key': 'a', 1: 'x', b'k': 2, None: 3}); the reference's FileWriter writes such samples.
        byte[] packed = Bytes("84 a36b6579 a161 01 a178 c4016b 02 c0 03");
        var sample = MsgpackSerializer.DeserializeSample(packed);
        Assert.Equal(["key"], sample.Keys);
        Assert.Equal("a", sample.Key);
        var others = sample.NonStringFields!;
        Assert.Equal(new object[] { 1L, "k"u8.ToArray(), MsgpackNil.Value }, others.Keys);
        Assert.Equal(new object?[] { "x", 2L, 3L }, others.Values);
        // Re-encoding keeps the bytes when the non-string names come after the string ones.
        Assert.Equal(packed, MsgpackSerializer.SerializeSample(sample));
        Assert.Null(MsgpackSerializer.DeserializeSample(Bytes("81 a16b 01")).NonStringFields);
        // A string name does not belong in NonStringFields.
        sample.NonStringFields!["s"] = 1L;
        Assert.Throws<ArgumentException>(() => MsgpackSerializer.SerializeSample(sample));
        // Nested maps may have any key type.
        var nested = MsgpackSerializer.DeserializeSample(Bytes("81 a16d 81 01 02"));
        Assert.Equal(2L, ((MsgpackMap)nested["m"]!)[1L]);
    }

    [Fact]
    public void Broken_numpy_and_extension_values_are_format_errors()
    {
        // b'data' holds 3 bytes for 2 '<i4' elements.
        var e = Fails("84 c4026e64 c3 c40474797065 a33c6934 c4057368617065 9102 c40464617461 c403 000000");
        Assert.Equal(0, e.Offset);
        Assert.Contains("needs 8", e.Message);
        Fails("84 c4026e64 c3 c40474797065 a33c6934 c4057368617065 91ff c40464617461 c400");   // negative dimension
        Fails("84 c4026e64 c3 c40474797065 a33c6934 c4057368617065 9100 c40464617461 a0");      // data is a str
        Fails("83 c4026e64 c2 c40474797065 a33c6938 c40464617461 c403 010203");                // scalar too short
        Fails("82 c407636f6d706c6578 c3 c40464617461 a3 78797a");                               // complex "xyz"
        Fails("d6ff"); // truncated fixext
        Fails("d7ff ffffffff00000000");                                                       // nanoseconds > 999999999
        Fails("d5ff 0000");                                                                   // timestamp of 2 bytes
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var random = new Random(1234);
        var set = VectorDataset.Load("mixed1000");
        for (int round = 0; round < 20_000; round++)
        {
            byte[] data;
            if (round % 2 == 0)
            {
                data = new byte[random.Next(0, 64)];
                random.NextBytes(data);
            }
            else
            {
                // Valid samples with a few flipped bytes reach deeper into the decoder.
                data = set.SampleBytes(random.Next(set.Samples.Length)).ToArray();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    data[random.Next(data.Length)] = (byte)random.Next(256);
            }
            try
            {
                MsgpackSerializer.Deserialize(data.AsMemory(), zeroCopyBinary: round % 3 == 0);
            }
            catch (DatadingsFormatException)
            {
            }
        }
    }
}
