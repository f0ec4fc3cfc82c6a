using System.Security.Cryptography;
using Datadings.Msgpack;

namespace Datadings.Tests.Msgpack;

/// <summary>Every sample the reference wrote decodes to its typed description and re-encodes to the same bytes.</summary>
public class VectorRoundTripTests
{
    public static TheoryData<string> Datasets => VectorDataset.Names();

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Samples_decode_to_their_typed_description(string name)
    {
        var set = VectorDataset.Load(name);
        Assert.Equal(set.Keys.Length, set.Samples.Length);
        Assert.Equal(set.Data.Length, set.Offsets[^1]);
        for (int i = 0; i < set.Samples.Length; i++)
        {
            var expected = TypedDescription.ToSample(set.Samples[i].GetProperty("value"));
            var bytes = set.SampleBytes(i);

            var copied = MsgpackSerializer.DeserializeSample(bytes.Span);
            TypedDescription.AssertSame(expected, copied, $"{name}#{i}");
            Assert.Equal(set.Keys[i], copied.Key);

            var zeroCopy = MsgpackSerializer.DeserializeSample(bytes, zeroCopyBinary: true);
            TypedDescription.AssertSame(expected, zeroCopy, $"{name}#{i} (zero-copy)", zeroCopy: true);

            var generic = Assert.IsType<MsgpackMap>(MsgpackSerializer.Deserialize(bytes.Span));
            Assert.Equal(expected.Count, generic.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Decoded_samples_reencode_to_the_original_bytes(string name)
    {
        var set = VectorDataset.Load(name);
        for (int i = 0; i < set.Samples.Length; i++)
        {
            var description = set.Samples[i];
            var bytes = set.SampleBytes(i).ToArray();
            Assert.Equal(description.GetProperty("packed_len").GetInt32(), bytes.Length);
            Assert.Equal(description.GetProperty("packed_md5").GetString(), Convert.ToHexStringLower(MD5.HashData(bytes)));
            if (description.TryGetProperty("packed_hex", out var hex))
                Assert.Equal(hex.GetString(), Convert.ToHexStringLower(bytes));

            Assert.Equal(bytes, MsgpackSerializer.SerializeSample(MsgpackSerializer.DeserializeSample(bytes)));
            Assert.Equal(bytes, MsgpackSerializer.SerializeSample(MsgpackSerializer.DeserializeSample(bytes.AsMemory(), zeroCopyBinary: true)));
            Assert.Equal(bytes, MsgpackSerializer.Serialize(MsgpackSerializer.Deserialize(bytes)));
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Samples_built_from_the_description_encode_like_the_reference(string name)
    {
        var set = VectorDataset.Load(name);
        for (int i = 0; i < set.Samples.Length; i++)
        {
            var sample = TypedDescription.ToSample(set.Samples[i].GetProperty("value"));
            Assert.Equal(set.SampleBytes(i).ToArray(), MsgpackSerializer.SerializeSample(sample));
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Keys_file_is_an_array_of_the_keys(string name)
    {
        var set = VectorDataset.Load(name);
        var keys = Assert.IsType<List<object?>>(MsgpackSerializer.Deserialize(set.KeysFile));
        Assert.Equal(set.Keys, keys.Cast<string>().ToArray());
        Assert.Equal(set.KeysFile, MsgpackSerializer.Serialize(set.Keys));

        var reader = new MsgpackReader(set.KeysFile);
        Assert.Equal(set.Keys.Length, reader.ReadArrayHeader());
        foreach (var key in set.Keys)
            Assert.Equal(key, reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void Whole_data_file_walks_sample_by_sample_with_the_reader()
    {
        var set = VectorDataset.Load("mixed1000");
        var reader = new MsgpackReader(set.Data);
        for (int i = 0; i < set.Keys.Length; i++)
        {
            Assert.Equal(set.Offsets[i], reader.Position);
            Assert.Equal(set.SampleBytes(i).Length, reader.ReadRawObject().Length);
        }
        Assert.True(reader.End);
    }

    [Fact]
    public void Numpy_vector_values_are_usable()
    {
        var set = VectorDataset.Load("numpy");
        var byKey = new Dictionary<string, Sample>();
        for (int i = 0; i < set.Samples.Length; i++)
        {
            var s = MsgpackSerializer.DeserializeSample(set.SampleBytes(i).Span);
            byKey[s.Key] = s;
        }
        var u8 = Assert.IsType<NdArray>(byKey["u8_2d"]["array"]);
        Assert.Equal([3L, 4L], u8.Shape);
        Assert.Equal(12, u8.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(v => (byte)v).ToArray(), u8.AsSpan<byte>().ToArray());

        var f4 = Assert.IsType<NdArray>(byKey["f4_1d"]["array"]);
        Assert.Equal([0.5f, -1.25f, 3f], f4.ToArray<float>());
        Assert.Equal([0.5f, -1.25f, 3f], f4.AsSpan<float>().ToArray());

        var be = Assert.IsType<NdArray>(byKey["i4_be"]["array"]);
        Assert.False(be.IsLittleEndian);
        Assert.Equal([1, 2, 3], be.ToArray<int>());
        Assert.Throws<InvalidOperationException>(() => be.AsSpan<int>().Length);

        Assert.Equal([true, false, true], Assert.IsType<NdArray>(byKey["bool"]["array"]).ToArray<bool>());
        Assert.Equal([(Half)1, (Half)2], Assert.IsType<NdArray>(byKey["f2"]["array"]).ToArray<Half>());
        Assert.Equal([new System.Numerics.Complex(1, 2)], Assert.IsType<NdArray>(byKey["c8"]["array"]).ToArray<System.Numerics.Complex>());
        Assert.Equal(8, Assert.IsType<NdArray>(byKey["unicode"]["array"]).ElementSize);
        var zeroD = Assert.IsType<NdArray>(byKey["zero_d"]["array"]);
        Assert.Empty(zeroD.Shape);
        Assert.Equal([7], zeroD.ToArray<int>());
        Assert.Equal(0, Assert.IsType<NdArray>(byKey["empty_2d"]["array"]).Count);
        Assert.Throws<InvalidOperationException>(() => f4.ToArray<int>());

        var scalars = byKey["scalars"];
        Assert.Equal(5L, Assert.IsType<NpScalar>(scalars["i64"]).ToValue());
        Assert.Equal(1.5f, Assert.IsType<NpScalar>(scalars["f32"]).ToValue());
        Assert.Equal(2.5, scalars["f64"]);
        Assert.Equal(true, Assert.IsType<NpScalar>(scalars["b"]).ToValue());
        Assert.Equal((byte)200, Assert.IsType<NpScalar>(scalars["u8"]).ToValue());
        var complex = Assert.IsType<PyComplex>(scalars["pycomplex"]);
        Assert.Equal("(1-2j)", complex.Repr);
        Assert.Equal(new System.Numerics.Complex(1, -2), complex.Value);
    }
}
