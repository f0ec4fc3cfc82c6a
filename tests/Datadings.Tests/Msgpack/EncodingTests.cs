using System.Buffers;
using System.Numerics;
using Datadings.Msgpack;

namespace Datadings.Tests.Msgpack;

/// <summary>The exact encodings of FORMAT.md §2.1/§2.3 and the formats the reference never writes.</summary>
public class EncodingTests
{
    private static string Hex(object? value) => Convert.ToHexStringLower(MsgpackSerializer.Serialize(value));

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static TheoryData<object?, string> FormatExamples => new()
    {
        { null, "c0" }, { false, "c2" }, { true, "c3" },
        { 0L, "00" }, { 127L, "7f" }, { -1L, "ff" }, { -32L, "e0" },
        { 128L, "cc80" }, { 255L, "ccff" }, { 256L, "cd0100" }, { 65535L, "cdffff" }, { 65536L, "ce00010000" },
        { 4294967295L, "ceffffffff" }, { 4294967296L, "cf0000000100000000" },
        { 9223372036854775807L, "cf7fffffffffffffff" }, { 9223372036854775808UL, "cf8000000000000000" },
        { ulong.MaxValue, "cfffffffffffffffff" },
        { -33L, "d0df" }, { -128L, "d080" }, { -129L, "d1ff7f" }, { -32768L, "d18000" }, { -32769L, "d2ffff7fff" },
        { -2147483648L, "d280000000" }, { -2147483649L, "d3ffffffff7fffffff" }, { long.MinValue, "d38000000000000000" },
        { 1.5, "cb3ff8000000000000" }, { -0.0, "cb8000000000000000" }, { MsgpackSerializer.PythonNaN, "cb7ff8000000000000" },
        // NaNs keep their bits (Python does): .NET's double.NaN is numpy's 0/0 and Python's -float('nan').
        { double.NaN, "cbfff8000000000000" },
        { BitConverter.Int64BitsToDouble(unchecked((long)0xfff8000000000123)), "cbfff8000000000123" },
        { double.PositiveInfinity, "cb7ff0000000000000" }, { 1.5f, "ca3fc00000" },
        { "", "a0" }, { "k", "a16b" }, { new byte[0], "c400" }, { new byte[] { 1, 2 }, "c4020102" },
        { new List<object?>(), "90" }, { new MsgpackMap(), "80" },
        { (byte)200, "ccc8" }, { (sbyte)-5, "fb" }, { (short)-300, "d1fed4" }, { (ushort)300, "cd012c" },
        { 70000, "ce00011170" }, { 70000u, "ce00011170" }, { new BigInteger(ulong.MaxValue), "cfffffffffffffffff" },
    };

    [Theory]
    [MemberData(nameof(FormatExamples))]
    public void Values_encode_exactly_like_the_reference(object? value, string hex)
    {
        Assert.Equal(hex, Hex(value));
        object? decoded = MsgpackSerializer.Deserialize(Bytes(hex));
        Assert.Equal(hex, Hex(decoded));
    }

    [Fact]
    public void Decoded_ints_are_long_except_above_long_max()
    {
        Assert.IsType<long>(MsgpackSerializer.Deserialize(Bytes("cf7fffffffffffffff")));
        Assert.Equal(9223372036854775808UL, Assert.IsType<ulong>(MsgpackSerializer.Deserialize(Bytes("cf8000000000000000"))));
        Assert.Equal(-1L, MsgpackSerializer.Deserialize(Bytes("d3ffffffffffffffff")));
        Assert.Equal(5L, MsgpackSerializer.Deserialize(Bytes("d005")));
    }

    [Fact]
    public void Long_strings_bins_lists_and_maps_use_the_wider_headers()
    {
        Assert.StartsWith("d920", Hex(new string('k', 32)));
        Assert.StartsWith("d9ff", Hex(new string('k', 255)));
        Assert.StartsWith("da0100", Hex(new string('k', 256)));
        Assert.StartsWith("db00010000", Hex(new string('k', 65536)));
        Assert.StartsWith("c5 0100".Replace(" ", ""), Hex(new byte[256]));
        Assert.StartsWith("c6 00010000".Replace(" ", ""), Hex(new byte[65536]));
        Assert.StartsWith("dc0010", Hex(Enumerable.Repeat<object?>(1L, 16).ToList()));
        Assert.StartsWith("dd00010000", Hex(Enumerable.Repeat<object?>(1L, 65536).ToList()));
        var map16 = new MsgpackMap();
        for (long i = 0; i < 16; i++)
            map16[i] = null;
        Assert.StartsWith("de0010", Hex(map16));
        var map32 = new MsgpackMap();
        for (long i = 0; i < 65536; i++)
            map32[i] = null;
        byte[] encoded = MsgpackSerializer.Serialize(map32);
        Assert.StartsWith("df00010000", Convert.ToHexStringLower(encoded.AsSpan(0, 5)));
        Assert.Equal(encoded, MsgpackSerializer.Serialize(MsgpackSerializer.Deserialize(encoded)));
        // Non-ASCII: the length is in UTF-8 bytes, not chars.
        Assert.Equal("a6d0bad0bbd18e", Hex("клю"));
        Assert.StartsWith("d921", Hex("ключ" + new string('x', 25)));
    }

    [Fact]
    public void Header_reads_cover_every_width()
    {
        var reader = new MsgpackReader(Bytes("9f dc0010 dd00000011 8f de0010 df00000011" + new string('0', 200)));
        Assert.Equal(15, reader.ReadArrayHeader());
        Assert.Equal(16, reader.ReadArrayHeader());
        Assert.Equal(17, reader.ReadArrayHeader());
        Assert.Equal(15, reader.ReadMapHeader());
        Assert.Equal(16, reader.ReadMapHeader());
        Assert.Equal(17, reader.ReadMapHeader());
        foreach (var (header, length) in new[] { ("bf", 31), ("d900", 0), ("d9ff", 255), ("da0000", 0), ("da0100", 256), ("db00000000", 0), ("db00010000", 65536) })
            Assert.Equal(length, new MsgpackReader(Bytes(header + new string('4', 2 * length))).ReadStringUtf8().Length);
        foreach (var (header, length) in new[] { ("c400", 0), ("c4ff", 255), ("c50000", 0), ("c50100", 256), ("c600000000", 0), ("c600010000", 65536) })
            Assert.Equal(length, new MsgpackReader(Bytes(header + new string('4', 2 * length))).ReadBinary().Length);
    }

    [Fact]
    public void Numpy_examples_from_the_format_spec()
    {
        const string arange = "85 c4026e64 c3 c40474797065 a33c6934 c4046b696e64 c400 c4057368617065 9103 c40464617461 c40c 000000000100000002000000";
        Assert.Equal(Bytes(arange), MsgpackSerializer.Serialize(NdArray.From([0, 1, 2])));
        var array = Assert.IsType<NdArray>(MsgpackSerializer.Deserialize(Bytes(arange)));
        Assert.Equal("<i4", array.Type);
        Assert.Empty(array.Kind);
        Assert.Equal([0, 1, 2], array.ToArray<int>());

        const string int64 = "83 c4026e64 c2 c40474797065 a33c6938 c40464617461 c408 0500000000000000";
        Assert.Equal(Bytes(int64), MsgpackSerializer.Serialize(NpScalar.From(5L)));
        Assert.Equal(5L, Assert.IsType<NpScalar>(MsgpackSerializer.Deserialize(Bytes(int64))).ToValue());
        Assert.Equal(Bytes("83 c4026e64 c2 c40474797065 a33c6634 c40464617461 c404 0000c03f"), MsgpackSerializer.Serialize(NpScalar.From(1.5f)));
        Assert.Equal(Bytes("83 c4026e64 c2 c40474797065 a37c6231 c40464617461 c401 01"), MsgpackSerializer.Serialize(NpScalar.From(true)));

        const string complex = "82 c407636f6d706c6578 c3 c40464617461 a6 28312b326a29";
        Assert.Equal(Bytes(complex), MsgpackSerializer.Serialize(PyComplex.From(new Complex(1, 2))));
        Assert.Equal(new Complex(1, 2), Assert.IsType<PyComplex>(MsgpackSerializer.Deserialize(Bytes(complex))).Value);
    }

    [Fact]
    public void A_str_key_nd_is_an_ordinary_map()
    {
        var map = Assert.IsType<MsgpackMap>(MsgpackSerializer.Deserialize(Bytes("82 a26e64 c3 a474797065 a33c6934")));
        Assert.Equal(true, map["nd"]);
        // A bin b'nd' map missing b'shape' stays a map too, as msgpack-numpy's KeyError fallback does.
        var incomplete = Assert.IsType<MsgpackMap>(MsgpackSerializer.Deserialize(Bytes("82 c4026e64 c3 c40474797065 a33c6934")));
        Assert.Equal(true, incomplete[new byte[] { 0x6e, 0x64 }]);
    }

    [Fact]
    public void Python_complex_repr_is_reproduced()
    {
        Assert.Equal("2j", PyComplex.From(new Complex(0, 2)).Repr);
        Assert.Equal("(-0+2j)", PyComplex.From(new Complex(-0.0, 2)).Repr);
        Assert.Equal("(1.5-0.25j)", PyComplex.From(new Complex(1.5, -0.25)).Repr);
        Assert.Equal("(1e+16+1e-05j)", PyComplex.From(new Complex(1e16, 1e-5)).Repr);
        Assert.Equal("(1000000000000000+0.0001j)", PyComplex.From(new Complex(1e15, 1e-4)).Repr);
        Assert.Equal("(inf+nanj)", PyComplex.From(new Complex(double.PositiveInfinity, double.NaN)).Repr);
        Assert.Equal(new Complex(-1, double.NegativeInfinity), new PyComplex("(-1-infj)").Value);
        Assert.Equal(new Complex(0, 1e20), new PyComplex("1e+20j").Value);
        Assert.Throws<FormatException>(() => new PyComplex("(1+2k)"));
    }

    [Fact]
    public void Extensions_use_fixext_and_ext_forms_and_round_trip()
    {
        foreach (var (length, prefix) in new[] { (1, "d405"), (2, "d505"), (4, "d605"), (8, "d705"), (16, "d805"), (0, "c70005"), (3, "c70305"), (256, "c8010005"), (65536, "c90001000005") })
        {
            var ext = new MsgpackExtension(5, Enumerable.Range(0, length).Select(i => (byte)i).ToArray());
            byte[] encoded = MsgpackSerializer.Serialize(ext);
            Assert.StartsWith(prefix, Convert.ToHexStringLower(encoded));
            Assert.Equal(ext, MsgpackSerializer.Deserialize(encoded));
        }
    }

    [Fact]
    public void Timestamps_decode_from_all_three_forms_and_encode_in_the_smallest()
    {
        var t32 = Assert.IsType<MsgpackTimestamp>(MsgpackSerializer.Deserialize(Bytes("d6ff 5f5e1000")));
        Assert.Equal(new MsgpackTimestamp(1600000000, 0), t32);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600000000), t32.ToDateTimeOffset());

        ulong packed64 = (500UL << 34) | 1600000000UL;
        var t64 = Assert.IsType<MsgpackTimestamp>(MsgpackSerializer.Deserialize(Bytes("d7ff" + packed64.ToString("x16"))));
        Assert.Equal(new MsgpackTimestamp(1600000000, 500), t64);

        var t96 = Assert.IsType<MsgpackTimestamp>(MsgpackSerializer.Deserialize(Bytes("c70cff 000003e8 fffffffffffffffe")));
        Assert.Equal(new MsgpackTimestamp(-2, 1000), t96);

        Assert.Equal("d6ff5f5e1000", Hex(t32));
        Assert.Equal("d7ff" + packed64.ToString("x16"), Hex(t64));
        Assert.Equal("c70cff000003e8fffffffffffffffe", Hex(t96));
        Assert.Equal("c70cff00000000" + (1L << 34).ToString("x16"), Hex(new MsgpackTimestamp(1L << 34, 0)));
        // A 64-bit form is used for nanoseconds even when the seconds fit 32 bits.
        Assert.Equal("d7ff0000000400000000", Hex(new MsgpackTimestamp(0, 1)));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        Assert.Equal(now, MsgpackTimestamp.FromDateTimeOffset(now).ToDateTimeOffset());
    }

    [Fact]
    public void Float32_reads_as_float_and_writes_back_unchanged()
    {
        var f = Assert.IsType<float>(MsgpackSerializer.Deserialize(Bytes("ca7fc00001")));
        Assert.True(float.IsNaN(f));
        Assert.Equal("ca7fc00001", Hex(f));
        var reader = new MsgpackReader(Bytes("ca3fc00000 cb3ff8000000000000"));
        Assert.Equal(1.5, reader.ReadDouble());
        Assert.Equal(1.5, reader.ReadDouble());
        Assert.Equal(1.5f, new MsgpackReader(Bytes("ca3fc00000")).ReadSingle());
    }

    [Fact]
    public void Integer_reads_check_range_on_both_sides_of_every_width()
    {
        foreach (var (hex, value) in new[] { ("7f", 127L), ("cc80", 128L), ("ccff", 255L), ("cd0100", 256L), ("cdffff", 65535L),
                     ("ce00010000", 65536L), ("ceffffffff", 4294967295L), ("cf0000000100000000", 4294967296L),
                     ("e0", -32L), ("d0df", -33L), ("d080", -128L), ("d1ff7f", -129L), ("d18000", -32768L), ("d2ffff7fff", -32769L),
                     ("d280000000", int.MinValue), ("d3ffffffff7fffffff", int.MinValue - 1L), ("d38000000000000000", long.MinValue),
                     ("d07f", 127L), ("d3000000000000000a", 10L) })
        {
            Assert.Equal(value, new MsgpackReader(Bytes(hex)).ReadInt64());
        }
        Assert.Equal(ulong.MaxValue, new MsgpackReader(Bytes("cfffffffffffffffff")).ReadUInt64());
        var tooBig = Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(Bytes("cf8000000000000000")).ReadInt64());
        Assert.Equal(0, tooBig.Offset);
        Assert.Throws<DatadingsFormatException>(() => new MsgpackReader(Bytes("ff")).ReadUInt64());
    }

    [Fact]
    public void Reader_api_walks_every_family()
    {
        byte[] data = Bytes("c0 c0 c3 c2 a3616263 c40201ff 92 01 a178 81 a16b c0 d4 07 aa 93 01 c0 91 91 90 2a");
        var reader = new MsgpackReader(data);
        Assert.Equal(MsgpackFormat.Nil, reader.PeekFormat());
        Assert.True(reader.TryReadNil());
        reader.ReadNil();
        Assert.False(reader.TryReadNil());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.Equal(MsgpackFormat.String, reader.PeekFormat());
        Assert.Equal("abc"u8.ToArray(), reader.ReadStringUtf8().ToArray());
        Assert.Equal(MsgpackFormat.Binary, reader.PeekFormat());
        Assert.Equal(new byte[] { 1, 0xff }, reader.ReadBinary().ToArray());
        Assert.Equal(MsgpackFormat.Array, reader.PeekFormat());
        Assert.Equal(4, reader.ReadRawObject().Length);
        Assert.Equal(MsgpackFormat.Map, reader.PeekFormat());
        reader.Skip();
        Assert.Equal(MsgpackFormat.Extension, reader.PeekFormat());
        var ext = reader.ReadExtensionHeader();
        Assert.Equal(new MsgpackExtensionHeader(7, 1), ext);
        Assert.Equal(0xaa, reader.ReadRaw(1)[0]);
        int before = reader.Position;
        reader.Skip();
        Assert.Equal(6, reader.Position - before);
        Assert.Equal(MsgpackFormat.Integer, reader.PeekFormat());
        Assert.Equal(42, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Fact]
    public void Writer_writes_each_format_through_an_IBufferWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(1);
        var writer = new MsgpackWriter(buffer);
        writer.WriteNil();
        writer.WriteBoolean(true);
        writer.WriteInt64(-200);
        writer.WriteUInt64(200);
        writer.WriteDouble(-0.0);
        writer.WriteSingle(-0.0f);
        writer.WriteString("ab".AsSpan());
        writer.WriteStringUtf8("cd"u8);
        writer.WriteString(new string('é', 20));
        writer.WriteBinary([]);
        writer.WriteArrayHeader(2);
        writer.WriteMapHeader(1);
        writer.WriteExtension(-5, [9]);
        writer.WriteRaw([0x2a]);
        string expected = "c0 c3 d1ff38 ccc8 cb8000000000000000 ca80000000 a26162 a26364 d928" + string.Concat(Enumerable.Repeat("c3a9", 20))
            + " c400 92 81 d4fb09 2a";
        Assert.Equal(expected.Replace(" ", ""), Convert.ToHexStringLower(buffer.WrittenSpan));
    }

    [Fact]
    public void Clr_collections_and_numbers_encode_like_python_values()
    {
        var sample = new Sample("k")
        {
            ["dict"] = new Dictionary<string, int> { ["a"] = 1 },
            ["ro"] = new System.Collections.ObjectModel.ReadOnlyDictionary<int, string>(new Dictionary<int, string> { [2] = "b" }),
            ["array"] = new[] { 1.5, 2.5 },
            ["seq"] = Enumerable.Range(0, 3),
            ["mem"] = new ReadOnlyMemory<byte>([1, 2]),
            ["seg"] = new ArraySegment<byte>([0, 1, 2, 3], 1, 2),
            ["map"] = new MsgpackMap { [MsgpackNil.Value] = 1L, [new byte[] { 1 }] = 2L, [-3L] = 3L },
        };
        byte[] encoded = MsgpackSerializer.SerializeSample(sample);
        var back = MsgpackSerializer.DeserializeSample(encoded);
        Assert.Equal(new object[] { "key", "dict", "ro", "array", "seq", "mem", "seg", "map" }, back.Keys.Cast<object>().ToArray());
        Assert.Equal(1L, ((MsgpackMap)back["dict"]!)["a"]);
        Assert.Equal("b", ((MsgpackMap)back["ro"]!)[2]);
        Assert.Equal(new List<object?> { 1.5, 2.5 }, back["array"]);
        Assert.Equal(new List<object?> { 0L, 1L, 2L }, back["seq"]);
        Assert.Equal(new byte[] { 1, 2 }, Assert.IsType<byte[]>(back["mem"]));
        Assert.Equal(new byte[] { 1, 2 }, Assert.IsType<byte[]>(back["seg"]));
        var map = (MsgpackMap)back["map"]!;
        Assert.Equal(1L, map[MsgpackNil.Value]);
        Assert.Equal(2L, map[new byte[] { 1 }]);
        Assert.Equal(3L, map[-3]);
        Assert.Equal(3L, map[(sbyte)-3]);
    }

    [Fact]
    public void Unsupported_values_name_their_type_and_path()
    {
        var sample = new Sample("k") { ["meta"] = new List<object?> { 1L, "x", new MsgpackMap { ["deep"] = 1.5m } } };
        var e = Assert.Throws<ArgumentException>(() => MsgpackSerializer.SerializeSample(sample));
        Assert.Contains("System.Decimal", e.Message);
        Assert.Contains("sample[\"meta\"][2][\"deep\"]", e.Message);

        var cyclic = new List<object?>();
        cyclic.Add(cyclic);
        var deep = Assert.Throws<ArgumentException>(() => MsgpackSerializer.Serialize(cyclic));
        Assert.Contains("deeper than 511", deep.Message);

        Assert.Throws<ArgumentException>(() => MsgpackSerializer.Serialize(new BigInteger(ulong.MaxValue) + 1));
        Assert.Throws<ArgumentException>(() => MsgpackSerializer.Serialize("\ud800"));
    }

    [Fact]
    public void Ndarray_factories_validate_and_convert()
    {
        var a = NdArray.From(new long[] { 1, -1, 3, 4 }, 2, 2);
        Assert.Equal("<i8", a.Type);
        Assert.Equal(8, a.ElementSize);
        Assert.Equal(4, a.Count);
        Assert.True(a.IsLittleEndian);
        Assert.Equal([1L, -1, 3, 4], a.AsSpan<long>().ToArray());
        Assert.Throws<ArgumentException>(() => NdArray.From(new int[] { 1, 2, 3 }, 2, 2));
        Assert.Throws<ArgumentException>(() => NdArray.FromBytes("<f4", [2], new byte[7]));
        Assert.Throws<ArgumentException>(() => NdArray.FromBytes("<f4", [-1], new byte[0]));
        var be = NdArray.FromBytes(">f8", [1], Bytes("3ff8000000000000"));
        Assert.Equal([1.5], be.ToArray<double>());
        var be16 = NdArray.FromBytes(">u2", [2], Bytes("0102 0304"));
        Assert.Equal([(ushort)0x0102, (ushort)0x0304], be16.ToArray<ushort>());
        Assert.Equal("|u1", NdArray.From(new byte[] { 1 }).Type);
        Assert.Equal("|b1", NdArray.From(new[] { true }).Type);
        Assert.Equal("<f2", NdArray.From(new[] { (Half)1 }).Type);
        var structured = NdArray.FromBytes("<U3", [1], new byte[12]);
        Assert.Throws<InvalidOperationException>(() => structured.ToArray<int>());
        Assert.Throws<InvalidOperationException>(() => new NpScalar("<U1", new byte[4]).ToValue());
    }
}
