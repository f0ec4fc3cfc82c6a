using System.Buffers.Binary;

namespace Datadings.Msgpack;

/// <summary>
/// Turns msgpack into the sample value model (FORMAT.md §2.2/§2.3): nil→null, bool, long (ulong above
/// long.MaxValue), double/float, string, byte[] (or zero-copy ReadOnlyMemory&lt;byte&gt;), List&lt;object?&gt;,
/// MsgpackMap, and the numpy/complex/extension types.
/// </summary>
internal ref struct MsgpackValueDecoder
{
    /// <summary>
    /// Non-empty arrays/maps a value may sit in, like msgpack-python's unpacker (its C stack holds 1024 open
    /// containers; empty ones are never pushed). Python writes at most 511 (see <see cref="MsgpackValueEncoder.MaxDepth"/>).
    /// </summary>
    public const int MaxDepth = 1024;

    private const int SmallIntMin = -32, SmallIntMax = 255;

    // Labels and small counters repeat in every sample; sharing their boxes avoids an allocation each.
    private static readonly object[] s_smallInts = CreateSmallInts();
    private static readonly object s_true = true, s_false = false;

    private MsgpackReader _reader;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly bool _zeroCopy;
    private readonly PooledSample? _pool;
    private int _depth;

    public MsgpackValueDecoder(ReadOnlySpan<byte> data)
    {
        _reader = new MsgpackReader(data);
        _memory = default;
        _zeroCopy = false;
        _pool = null;
        _depth = 0;
    }

    /// <summary>Bytes go into arrays rented by <paramref name="pool"/>, the sample that <see cref="ReadSample"/> fills.</summary>
    public MsgpackValueDecoder(ReadOnlySpan<byte> data, PooledSample pool) : this(data)
    {
        _pool = pool;
    }

    public MsgpackValueDecoder(ReadOnlyMemory<byte> data, bool zeroCopyBinary)
    {
        _reader = new MsgpackReader(data.Span);
        _memory = data;
        _zeroCopy = zeroCopyBinary;
        _pool = null;
        _depth = 0;
    }

    /// <summary>Fails unless every byte was consumed: a buffer must hold exactly one object.</summary>
    public readonly void ExpectEnd()
    {
        if (!_reader.End)
            throw MsgpackReader.Error($"{_reader.Remaining} trailing bytes after the object", _reader.Position);
    }

    public object? ReadValue()
    {
        switch (_reader.PeekFormat())
        {
            case MsgpackFormat.Nil:
                _reader.ReadNil();
                return null;
            case MsgpackFormat.Boolean:
                return _reader.ReadBoolean() ? s_true : s_false;
            case MsgpackFormat.Integer:
                long value = _reader.ReadInteger(out ulong big);
                if (big != 0)
                    return big;
                return value is >= SmallIntMin and <= SmallIntMax ? s_smallInts[value - SmallIntMin] : value;
            case MsgpackFormat.Float:
                return ReadFloat();
            case MsgpackFormat.String:
                return _reader.ReadString();
            case MsgpackFormat.Binary:
                // Box each branch on its own: a shared conditional type would turn byte[] into ReadOnlyMemory.
                return _zeroCopy ? ReadBinaryMemory() : _pool is null ? _reader.ReadBinary().ToArray() : (object)_pool.Rent(_reader.ReadBinary());
            case MsgpackFormat.Array:
                return ReadArray();
            case MsgpackFormat.Map:
                return ReadMap();
            default:
                return ReadExtension();
        }
    }

    /// <summary>A top-level sample: a map (field names that are not str go to <see cref="Sample.NonStringFields"/>).</summary>
    public Sample ReadSample()
    {
        int start = _reader.Position;
        var format = _reader.PeekFormat();
        if (format != MsgpackFormat.Map)
            throw MsgpackReader.Error(
                $"the packed sample is {Describe(format)}, not a map, so it cannot be decoded as a Sample (the reference's RawWriter accepts any msgpack value); "
                + "read it with GetRaw or GetValue", start);
        int count = _reader.ReadMapHeader();
        Enter(start);
        Sample sample = _pool ?? new Sample();
        sample.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
        {
            int keyOffset = _reader.Position;
            // Like a Python dict: a repeated key keeps its first position and takes the last value.
            if (_reader.PeekFormat() == MsgpackFormat.String)
            {
                string key = Utf8KeyCache.GetString(_reader.ReadStringUtf8(), keyOffset);
                sample[key] = ReadValue();
            }
            else
            {
                bool mayBeNumpy = false;
                object key = ReadKey(ref mayBeNumpy);
                (sample.NonStringFields ??= new MsgpackMap())[key] = ReadValue();
            }
        }
        _depth--;
        return sample;
    }

    private static string Describe(MsgpackFormat format) => format switch
    {
        MsgpackFormat.Nil => "nil",
        MsgpackFormat.Array => "an array",
        MsgpackFormat.Integer => "an int",
        MsgpackFormat.Extension => "an extension",
        _ => "a " + format.ToString().ToLowerInvariant(),
    };

    private object ReadFloat()
    {
        int start = _reader.Position;
        byte code = _reader.ReadRaw(1)[0];
        if (code == MsgpackCodes.Float32)
        {
            ReadOnlySpan<byte> payload = _reader.Remaining >= 4 ? _reader.ReadRaw(4) : throw Truncated(start, "float32", 4);
            return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(payload));
        }
        ReadOnlySpan<byte> bits = _reader.Remaining >= 8 ? _reader.ReadRaw(8) : throw Truncated(start, "float64", 8);
        return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(bits));
    }

    private readonly DatadingsFormatException Truncated(int start, string name, int size) =>
        MsgpackReader.Error($"{name} needs {size} bytes after its format code, only {_reader.Remaining} remain", start);

    private ReadOnlyMemory<byte> ReadBinaryMemory()
    {
        int length = _reader.ReadBinary().Length;
        return _memory.Slice(_reader.Position - length, length);
    }

    private List<object?> ReadArray()
    {
        int start = _reader.Position;
        int count = _reader.ReadArrayHeader();
        var list = new List<object?>(count);
        if (count == 0)
            return list;
        Enter(start);
        for (int i = 0; i < count; i++)
            list.Add(ReadValue());
        _depth--;
        return list;
    }

    private object ReadMap()
    {
        int start = _reader.Position;
        int count = _reader.ReadMapHeader();
        var map = new MsgpackMap(count);
        if (count == 0)
            return map;
        Enter(start);
        bool mayBeNumpy = false;
        for (int i = 0; i < count; i++)
        {
            object key = ReadKey(ref mayBeNumpy);
            map[key] = ReadValue();
        }
        _depth--;
        return mayBeNumpy ? NumpyDecoding.Convert(map, start) : map;
    }

    /// <summary>Map keys: str through the key cache, bin always as byte[] (it must hash by content), nil as a sentinel.</summary>
    private object ReadKey(ref bool mayBeNumpy)
    {
        int offset = _reader.Position;
        switch (_reader.PeekFormat())
        {
            case MsgpackFormat.String:
                return Utf8KeyCache.GetString(_reader.ReadStringUtf8(), offset);
            case MsgpackFormat.Binary:
                var bytes = _reader.ReadBinary();
                mayBeNumpy |= NumpyKeys.IsTrigger(bytes);
                return bytes.ToArray();
            case MsgpackFormat.Nil:
                _reader.ReadNil();
                return MsgpackNil.Value;
            default:
                return ReadValue()!;
        }
    }

    private object ReadExtension()
    {
        int start = _reader.Position;
        var header = _reader.ReadExtensionHeader();
        int payloadOffset = _reader.Position;
        var payload = _reader.ReadRaw(header.Length);
        if (header.Type == MsgpackTimestamp.ExtensionType)
            return ReadTimestamp(payload, start);
        ReadOnlyMemory<byte> data = _zeroCopy ? _memory.Slice(payloadOffset, header.Length) : _pool is null ? payload.ToArray() : _pool.Rent(payload);
        return new MsgpackExtension(header.Type, data);
    }

    private static MsgpackTimestamp ReadTimestamp(ReadOnlySpan<byte> payload, int offset)
    {
        long seconds;
        uint nanoseconds;
        switch (payload.Length)
        {
            case 4:
                return new MsgpackTimestamp(BinaryPrimitives.ReadUInt32BigEndian(payload), 0);
            case 8:
                ulong packed = BinaryPrimitives.ReadUInt64BigEndian(payload);
                nanoseconds = (uint)(packed >> 34);
                seconds = (long)(packed & 0x3_ffff_ffff);
                break;
            case 12:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                seconds = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
                break;
            default:
                throw MsgpackReader.Error($"timestamp extension must have 4, 8 or 12 bytes, not {payload.Length}", offset);
        }
        if (nanoseconds > 999_999_999)
            throw MsgpackReader.Error($"timestamp nanoseconds {nanoseconds} exceed 999999999", offset);
        return new MsgpackTimestamp(seconds, nanoseconds);
    }

    private void Enter(int containerOffset)
    {
        if (++_depth > MaxDepth)
            throw MsgpackReader.Error($"nesting deeper than {MaxDepth} levels", containerOffset);
    }

    private static object[] CreateSmallInts()
    {
        var boxes = new object[SmallIntMax - SmallIntMin + 1];
        for (int i = 0; i < boxes.Length; i++)
            boxes[i] = (long)(i + SmallIntMin);
        return boxes;
    }
}
