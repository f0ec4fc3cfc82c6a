using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using static Datadings.Msgpack.MsgpackCodes;

namespace Datadings.Msgpack;

/// <summary>
/// Writes msgpack values in exactly the encodings msgpack-python 1.0 chooses (FORMAT.md §2.1): the smallest
/// form, the uint family for every non-negative integer, str8 for strings, float64 for doubles.
/// </summary>
/// <remarks>
/// Every call writes straight through to the <see cref="IBufferWriter{T}"/> (no internal buffer, nothing to flush).
/// </remarks>
public readonly ref struct MsgpackWriter
{
    // Python refuses to encode lone surrogates in str, so we do too rather than writing U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;

    public MsgpackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public void WriteNil() => WriteByte(Nil);

    public void WriteBoolean(bool value) => WriteByte(value ? True : False);

    /// <summary>Non-negative values use the uint family (like Python), negatives the smallest int form.</summary>
    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
            return;
        }
        if (value >= -32)
        {
            WriteByte((byte)(sbyte)value);
        }
        else if (value >= sbyte.MinValue)
        {
            var span = _output.GetSpan(2);
            span[0] = Int8Code;
            span[1] = (byte)(sbyte)value;
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = _output.GetSpan(3);
            span[0] = Int16Code;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = _output.GetSpan(5);
            span[0] = Int32Code;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = Int64Code;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    public void WriteUInt64(ulong value)
    {
        if (value <= 0x7f)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = UInt8Code;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = UInt16Code;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _output.Advance(3);
        }
        else if (value <= uint.MaxValue)
        {
            var span = _output.GetSpan(5);
            span[0] = UInt32Code;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = UInt64Code;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>
    /// Always float64 with the value's bits unchanged, like Python: −0.0 and every NaN keep their sign and payload,
    /// so a decoded sample re-encodes to the same bytes. Python's <c>float('nan')</c> is <c>7ff8000000000000</c>
    /// (<see cref="MsgpackSerializer.PythonNaN"/>); .NET's <see cref="double.NaN"/>, numpy's <c>0/0</c> and Python's
    /// <c>-float('nan')</c> are <c>fff8000000000000</c>.
    /// </summary>
    public void WriteDouble(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        var span = _output.GetSpan(9);
        span[0] = Float64;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], bits);
        _output.Advance(9);
    }

    /// <summary>float32, for values that were read as float32; the bits are written unchanged so they round-trip.</summary>
    public void WriteSingle(float value)
    {
        var span = _output.GetSpan(5);
        span[0] = Float32;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], BitConverter.SingleToInt32Bits(value));
        _output.Advance(5);
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteString(value.AsSpan());
    }

    /// <summary>UTF-8 encoded straight into the output; lone surrogates raise (Python cannot encode them either).</summary>
    public void WriteString(ReadOnlySpan<char> value)
    {
        // Short strings (the common case: field names, keys) are certain to be a fixstr, so encode without
        // counting first and write the header afterwards.
        if (value.Length <= 10)
        {
            var span = _output.GetSpan(1 + value.Length * 3);
            int written = StrictUtf8.GetBytes(value, span[1..]);
            span[0] = (byte)(MinFixStr | written);
            _output.Advance(1 + written);
            return;
        }
        int length = StrictUtf8.GetByteCount(value);
        WriteStringHeader(length);
        if (length == 0)
            return;
        var body = _output.GetSpan(length);
        StrictUtf8.GetBytes(value, body);
        _output.Advance(length);
    }

    /// <summary>Already-encoded UTF-8, written as a str without validation.</summary>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    public void WriteStringHeader(int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (byteLength < 32)
            WriteByte((byte)(MinFixStr | byteLength));
        else
            WriteLengthHeader(byteLength, Str8, Str16, Str32);
    }

    /// <summary>bin8/bin16/bin32; an empty value is <c>c4 00</c>.</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        WriteRaw(value);
    }

    public void WriteBinaryHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        WriteLengthHeader(length, Bin8, Bin16, Bin32);
    }

    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 16)
            WriteByte((byte)(MinFixArray | count));
        else
            WriteCountHeader(count, Array16, Array32);
    }

    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 16)
            WriteByte((byte)(MinFixMap | count));
        else
            WriteCountHeader(count, Map16, Map32);
    }

    /// <summary>fixext1/2/4/8/16 when the payload has exactly that size, else the smallest ext8/16/32.</summary>
    public void WriteExtension(sbyte type, ReadOnlySpan<byte> data)
    {
        byte fixCode = data.Length switch
        {
            1 => FixExt1,
            2 => FixExt2,
            4 => FixExt4,
            8 => FixExt8,
            16 => FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            var span = _output.GetSpan(2);
            span[0] = fixCode;
            span[1] = (byte)type;
            _output.Advance(2);
        }
        else
        {
            WriteLengthHeader(data.Length, Ext8, Ext16, Ext32);
            WriteByte((byte)type);
        }
        WriteRaw(data);
    }

    /// <summary>Timestamp extension (type −1) in its smallest form: 32-bit, 64-bit or 96-bit.</summary>
    public void WriteTimestamp(MsgpackTimestamp value)
    {
        Span<byte> payload = stackalloc byte[12];
        int length;
        if (value.Seconds >= 0 && value.Seconds < (1L << 34))
        {
            if (value.Nanoseconds == 0 && value.Seconds <= uint.MaxValue)
            {
                BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)value.Seconds);
                length = 4;
            }
            else
            {
                BinaryPrimitives.WriteUInt64BigEndian(payload, ((ulong)value.Nanoseconds << 34) | (ulong)value.Seconds);
                length = 8;
            }
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload, value.Nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(payload[4..], value.Seconds);
            length = 12;
        }
        WriteExtension(MsgpackTimestamp.ExtensionType, payload[..length]);
    }

    /// <summary>Bytes copied as they are: an already-encoded value, or a payload after a header.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteLengthHeader(int length, byte code8, byte code16, byte code32)
    {
        if (length <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = code8;
            span[1] = (byte)length;
            _output.Advance(2);
        }
        else
        {
            WriteCountHeader(length, code16, code32);
        }
    }

    private void WriteCountHeader(int count, byte code16, byte code32)
    {
        if (count <= ushort.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            _output.Advance(3);
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            _output.Advance(5);
        }
    }
}
