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
/// Nesting limits are the reference's (msgpack-python): a value may sit inside at most
/// <see cref="MaxWriteDepth"/> (511) containers when writing, and inside at most <see cref="MaxReadDepth"/> (1024)
/// non-empty containers when reading. Floats keep their bits both ways (NaN payloads and signs included).
/// </remarks>
public static class MsgpackSerializer
{
    /// <summary>Containers a value may be nested in when writing: msgpack-python's Packer limit (511).</summary>
    public const int MaxWriteDepth = MsgpackValueEncoder.MaxDepth;

    /// <summary>Non-empty containers a value may be nested in when reading: msgpack-python's unpacker limit (1024).</summary>
    public const int MaxReadDepth = MsgpackValueDecoder.MaxDepth;

    /// <summary>Python's <c>float('nan')</c> (bits <c>7ff8000000000000</c>); .NET's <see cref="double.NaN"/> has the sign bit set.</summary>
    public static readonly double PythonNaN = BitConverter.Int64BitsToDouble(0x7ff8000000000000);

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

    /// <summary>
    /// Decodes a sample whose byte values live in pooled arrays, valid until the result is disposed
    /// (see <see cref="PooledSample"/>).
    /// </summary>
    public static PooledSample DeserializePooledSample(ReadOnlySpan<byte> data)
    {
        var sample = new PooledSample();
        try
        {
            var decoder = new MsgpackValueDecoder(data, sample);
            decoder.ReadSample();
            decoder.ExpectEnd();
            return sample;
        }
        catch
        {
            sample.Dispose();
            throw;
        }
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
