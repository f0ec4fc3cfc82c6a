using System.Buffers;

namespace Datadings.Msgpack;

/// <summary>
/// Encodes and decodes whole values and samples: the msgpack side of the datadings format, byte-compatible with
/// the Python reference (msgpack-python 1.0 + msgpack-numpy).
/// </summary>
/// <remarks>
/// Decoding errors are <see cref="DatadingsFormatException"/>s with offsets relative to the given buffer.
/// With <c>zeroCopyBinary</c>, bin values (and ndarray/extension data) are <see cref="ReadOnlyMemory{T}"/> slices of
/// the input: they are only valid while the input buffer is, so copy them before reusing the buffer.
/// Nesting deeper than 256 arrays/maps is rejected both ways.
/// </remarks>
public static class MsgpackSerializer
{
    public const int MaxDepth = MsgpackValueDecoder.MaxDepth;

    /// <summary>Appends the encoding of <paramref name="value"/>; on an ArgumentException part of it may have been written.</summary>
    public static void Serialize(IBufferWriter<byte> output, object? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        new MsgpackValueEncoder(output).WriteRoot(value, "value");
    }

    public static byte[] Serialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes the one object <paramref name="data"/> holds (trailing bytes are an error); bin values are copied.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> data)
    {
        var decoder = new MsgpackValueDecoder(data);
        object? value = decoder.ReadValue();
        decoder.ExpectEnd();
        return value;
    }

    /// <summary>Decodes the one object <paramref name="data"/> holds; bin values slice the input when <paramref name="zeroCopyBinary"/>.</summary>
    public static object? Deserialize(ReadOnlyMemory<byte> data, bool zeroCopyBinary)
    {
        var decoder = new MsgpackValueDecoder(data, zeroCopyBinary);
        object? value = decoder.ReadValue();
        decoder.ExpectEnd();
        return value;
    }

    /// <summary>Decodes a sample: exactly one map whose keys are all str.</summary>
    public static Sample DeserializeSample(ReadOnlySpan<byte> data)
    {
        var decoder = new MsgpackValueDecoder(data);
        var sample = decoder.ReadSample();
        decoder.ExpectEnd();
        return sample;
    }

    public static Sample DeserializeSample(ReadOnlyMemory<byte> data, bool zeroCopyBinary)
    {
        var decoder = new MsgpackValueDecoder(data, zeroCopyBinary);
        var sample = decoder.ReadSample();
        decoder.ExpectEnd();
        return sample;
    }

    /// <summary>Appends a sample as one map, fields in enumeration order (the reference writes "key" first).</summary>
    public static void SerializeSample(IBufferWriter<byte> output, IEnumerable<KeyValuePair<string, object?>> sample)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sample);
        new MsgpackValueEncoder(output).WriteSampleRoot(sample);
    }

    public static byte[] SerializeSample(IEnumerable<KeyValuePair<string, object?>> sample)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        SerializeSample(buffer, sample);
        return buffer.WrittenSpan.ToArray();
    }
}
