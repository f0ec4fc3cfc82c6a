using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using static Datadings.Msgpack.MsgpackCodes;

namespace Datadings.Msgpack;

/// <summary>Type and payload length of an extension value, as read by <see cref="MsgpackReader.ReadExtensionHeader"/>.</summary>
public readonly record struct MsgpackExtensionHeader(sbyte Type, int Length);

/// <summary>
/// Reads msgpack values from a span without copying. Every malformed input raises
/// <see cref="DatadingsFormatException"/> whose offset is the position of the offending byte inside the span
/// (normally the format code of the value that could not be read) — never another exception type.
/// </summary>
/// <remarks>
/// Length prefixes and container counts are checked against the bytes remaining before anything is
/// returned, so a caller may size collections from <see cref="ReadArrayHeader"/>/<see cref="ReadMapHeader"/>
/// without risking huge allocations: every element needs at least one byte.
/// </remarks>
public ref struct MsgpackReader
{
    // Strict: Python decodes str with raw=False, which raises on invalid UTF-8 instead of substituting.
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public MsgpackReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been consumed.</summary>
    public readonly bool End => _position >= _buffer.Length;

    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The family of the next value, without consuming it.</summary>
    public readonly MsgpackFormat PeekFormat()
    {
        byte code = PeekCode("a msgpack value");
        if (code == NeverUsed)
            throw Error("0xc1 is never a valid msgpack format code", _position);
        return FormatOf(code);
    }

    /// <summary>Consumes a nil if one comes next.</summary>
    public bool TryReadNil()
    {
        if (_position < _buffer.Length && _buffer[_position] == Nil)
        {
            _position++;
            return true;
        }
        return false;
    }

    public void ReadNil()
    {
        byte code = PeekCode("nil");
        if (code != Nil)
            throw Unexpected("nil", code);
        _position++;
    }

    public bool ReadBoolean()
    {
        byte code = PeekCode("a bool");
        if (code == True) { _position++; return true; }
        if (code == False) { _position++; return false; }
        throw Unexpected("a bool", code);
    }

    /// <summary>Any integer format whose value fits a long.</summary>
    public long ReadInt64()
    {
        int start = _position;
        byte code = PeekCode("an int");
        if (code <= 0x7f) { _position++; return code; }
        if (code >= MinNegativeFixInt) { _position++; return (sbyte)code; }
        switch (code)
        {
            case UInt8Code: return Payload(start, 1)[0];
            case UInt16Code: return BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2));
            case UInt32Code: return BinaryPrimitives.ReadUInt32BigEndian(Payload(start, 4));
            case UInt64Code:
                ulong u = BinaryPrimitives.ReadUInt64BigEndian(Payload(start, 8));
                if (u > long.MaxValue)
                {
                    _position = start;
                    throw Error($"uint64 value {u} does not fit a signed 64-bit integer", start);
                }
                return (long)u;
            case Int8Code: return (sbyte)Payload(start, 1)[0];
            case Int16Code: return BinaryPrimitives.ReadInt16BigEndian(Payload(start, 2));
            case Int32Code: return BinaryPrimitives.ReadInt32BigEndian(Payload(start, 4));
            case Int64Code: return BinaryPrimitives.ReadInt64BigEndian(Payload(start, 8));
            default: throw Unexpected("an int", code);
        }
    }

    /// <summary>Any integer format whose value is not negative.</summary>
    public ulong ReadUInt64()
    {
        int start = _position;
        byte code = PeekCode("an unsigned int");
        if (code == UInt64Code)
            return BinaryPrimitives.ReadUInt64BigEndian(Payload(start, 8));
        long value = ReadInt64();
        if (value < 0)
        {
            _position = start;
            throw Error($"expected a non-negative int, found {value}", start);
        }
        return (ulong)value;
    }

    /// <summary>
    /// Reads an integer of any width in one pass: values that fit a long are returned; a uint64 above
    /// long.MaxValue is returned in <paramref name="bigUnsigned"/> (non-zero only then) with 0 as the result.
    /// </summary>
    internal long ReadInteger(out ulong bigUnsigned)
    {
        int start = _position;
        bigUnsigned = 0;
        if (_position < _buffer.Length && _buffer[_position] == UInt64Code)
        {
            ulong u = BinaryPrimitives.ReadUInt64BigEndian(Payload(start, 8));
            if (u > long.MaxValue)
            {
                bigUnsigned = u;
                return 0;
            }
            return (long)u;
        }
        return ReadInt64();
    }

    /// <summary>A float64, or a float32 widened to double.</summary>
    public double ReadDouble()
    {
        int start = _position;
        byte code = PeekCode("a float");
        return code switch
        {
            Float64 => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Payload(start, 8))),
            Float32 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Payload(start, 4))),
            _ => throw Unexpected("a float", code),
        };
    }

    /// <summary>A float32 only: narrowing a float64 silently would lose information.</summary>
    public float ReadSingle()
    {
        int start = _position;
        byte code = PeekCode("a float32");
        if (code != Float32)
            throw Unexpected("a float32", code);
        return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Payload(start, 4)));
    }

    public string ReadString()
    {
        int start = _position;
        var utf8 = ReadStringUtf8();
        return DecodeUtf8(utf8, start);
    }

    /// <summary>The raw UTF-8 bytes of a str, not validated.</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        int start = _position;
        byte code = PeekCode("a str");
        int length;
        if ((code & 0xe0) == MinFixStr)
        {
            length = code & 0x1f;
            _position++;
        }
        else
        {
            length = code switch
            {
                Str8 => Payload(start, 1)[0],
                Str16 => BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2)),
                Str32 => LengthFrom32(start),
                _ => throw Unexpected("a str", code),
            };
        }
        return Take(start, length);
    }

    /// <summary>The bytes of a bin value: a slice of the input, valid as long as the input is.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        int start = _position;
        byte code = PeekCode("a bin");
        int length = code switch
        {
            Bin8 => Payload(start, 1)[0],
            Bin16 => BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2)),
            Bin32 => LengthFrom32(start),
            _ => throw Unexpected("a bin", code),
        };
        return Take(start, length);
    }

    /// <summary>Element count of an array; checked against the remaining bytes (one byte per element at least).</summary>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte code = PeekCode("an array");
        long count;
        if ((code & 0xf0) == MinFixArray)
        {
            _position++;
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                Array16 => BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2)),
                Array32 => BinaryPrimitives.ReadUInt32BigEndian(Payload(start, 4)),
                _ => throw Unexpected("an array", code),
            };
        }
        return CheckCount(start, code, count, 1);
    }

    /// <summary>Entry count of a map; checked against the remaining bytes (two bytes per entry at least).</summary>
    public int ReadMapHeader()
    {
        int start = _position;
        byte code = PeekCode("a map");
        long count;
        if ((code & 0xf0) == MinFixMap)
        {
            _position++;
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                Map16 => BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2)),
                Map32 => BinaryPrimitives.ReadUInt32BigEndian(Payload(start, 4)),
                _ => throw Unexpected("a map", code),
            };
        }
        return CheckCount(start, code, count, 2);
    }

    /// <summary>Type and length of an extension; the payload follows (read it with <see cref="ReadRaw(int)"/>).</summary>
    public MsgpackExtensionHeader ReadExtensionHeader()
    {
        int start = _position;
        byte code = PeekCode("an ext");
        int length;
        switch (code)
        {
            case FixExt1: length = 1; _position++; break;
            case FixExt2: length = 2; _position++; break;
            case FixExt4: length = 4; _position++; break;
            case FixExt8: length = 8; _position++; break;
            case FixExt16: length = 16; _position++; break;
            case Ext8: length = Payload(start, 1)[0]; break;
            case Ext16: length = BinaryPrimitives.ReadUInt16BigEndian(Payload(start, 2)); break;
            case Ext32: length = LengthFrom32(start); break;
            default: throw Unexpected("an ext", code);
        }
        if (_position >= _buffer.Length)
        {
            _position = start;
            throw Error($"{ExactName(code)} is missing its type byte", start);
        }
        sbyte type = (sbyte)_buffer[_position++];
        if (length > Remaining)
        {
            int remaining = Remaining;
            _position = start;
            throw Error($"{ExactName(code)} length {length} exceeds the {remaining} bytes remaining", start);
        }
        return new MsgpackExtensionHeader(type, length);
    }

    /// <summary>The next <paramref name="length"/> bytes as they are (e.g. an extension payload).</summary>
    public ReadOnlySpan<byte> ReadRaw(int length)
    {
        if (length < 0 || length > Remaining)
            throw Error($"expected {length} more bytes, only {Remaining} remain", _position);
        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    /// <summary>
    /// Skips one whole value, however deeply nested. Iterative (a count of values still to skip), so hostile
    /// nesting cannot exhaust the stack.
    /// </summary>
    public void Skip()
    {
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            int start = _position;
            byte code = PeekCode("a msgpack value");
            switch (FormatOf(code))
            {
                case MsgpackFormat.Nil:
                case MsgpackFormat.Boolean:
                    _position++;
                    break;
                case MsgpackFormat.Integer:
                    ReadInteger(out _);
                    break;
                case MsgpackFormat.Float:
                    Payload(start, code == Float32 ? 4 : 8);
                    break;
                case MsgpackFormat.String:
                    ReadStringUtf8();
                    break;
                case MsgpackFormat.Binary:
                    ReadBinary();
                    break;
                case MsgpackFormat.Array:
                    pending += ReadArrayHeader();
                    break;
                case MsgpackFormat.Map:
                    pending += 2L * ReadMapHeader();
                    break;
                case MsgpackFormat.Extension:
                    _position += ReadExtensionHeader().Length;
                    break;
                default:
                    throw Error("0xc1 is never a valid msgpack format code", start);
            }
        }
    }

    /// <summary>The encoded bytes of the next value (a slice of the input), consuming it.</summary>
    public ReadOnlySpan<byte> ReadRawObject()
    {
        int start = _position;
        Skip();
        return _buffer[start.._position];
    }

    /// <summary>Decodes UTF-8 strictly; invalid bytes are a format error located at the str's format code.</summary>
    internal static string DecodeUtf8(ReadOnlySpan<byte> utf8, int offset)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatadingsFormatException($"str is not valid UTF-8 ({e.Message})", offset: offset, inner: e);
        }
    }

    internal static DatadingsFormatException Error(string problem, long offset) => new(problem, offset: offset);

    private readonly DatadingsFormatException Unexpected(string expected, byte code) =>
        Error(code == NeverUsed
            ? $"expected {expected}, found 0xc1, which is never a valid msgpack format code"
            : $"expected {expected}, found {Describe(code)}", _position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly byte PeekCode(string expected)
    {
        if ((uint)_position >= (uint)_buffer.Length)
            throw Error($"expected {expected}, found the end of the data", _position);
        return _buffer[_position];
    }

    /// <summary>Consumes the format code at <paramref name="start"/> and the <paramref name="size"/> bytes after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Payload(int start, int size)
    {
        if (_buffer.Length - start - 1 < size)
            throw TruncatedPayload(start, size);
        _position = start + 1 + size;
        return _buffer.Slice(start + 1, size);
    }

    private readonly DatadingsFormatException TruncatedPayload(int start, int size) =>
        Error($"{ExactName(_buffer[start])} needs {size} bytes after its format code, only {_buffer.Length - start - 1} remain", start);

    private int LengthFrom32(int start)
    {
        uint length = BinaryPrimitives.ReadUInt32BigEndian(Payload(start, 4));
        if (length > (uint)Remaining)
        {
            _position = start;
            throw Error($"{ExactName(_buffer[start])} length {length} exceeds the {_buffer.Length - start - 5} bytes remaining", start);
        }
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int start, int length)
    {
        if (length > Remaining)
        {
            int remaining = Remaining;
            _position = start;
            throw Error($"{ExactName(_buffer[start])} length {length} exceeds the {remaining} bytes remaining", start);
        }
        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    private int CheckCount(int start, byte code, long count, int minBytesPerElement)
    {
        if (count * minBytesPerElement > Remaining)
        {
            int remaining = Remaining;
            _position = start;
            string unit = minBytesPerElement == 1 ? "element needs at least 1 byte" : "entry needs at least 2 bytes";
            throw Error($"{ExactName(code)} count {count} exceeds the {remaining} bytes remaining (each {unit})", start);
        }
        return (int)count;
    }
}
