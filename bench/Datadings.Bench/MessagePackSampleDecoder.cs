using System.Buffers;
using System.Text;
using Datadings.Msgpack;
using MessagePack;

namespace Datadings.Bench;

/// <summary>
/// The candidate of issue 18: our value model (Sample, MsgpackMap, byte[], boxed long/double) built on
/// MessagePack 2.5.307's low-level <see cref="MessagePackReader"/> instead of our own reader, with the same rules
/// (strict UTF-8, bins copied, small ints shared). Numpy maps and extensions are not needed by the benchmark's
/// samples and are left out: the comparison is of the byte-level reader on the hot path.
/// </summary>
internal static class MessagePackSampleDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly object[] SmallInts = Enumerable.Range(-32, 288).Select(i => (object)(long)i).ToArray();
    private static readonly object True = true, False = false;

    public static Sample DeserializeSample(ReadOnlyMemory<byte> packed)
    {
        var reader = new MessagePackReader(packed);
        int count = reader.ReadMapHeader();
        var sample = new Sample();
        sample.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
            sample[ReadKey(ref reader)] = ReadValue(ref reader);
        if (!reader.End) throw new InvalidOperationException("trailing bytes");
        return sample;
    }

    private static object? ReadValue(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? True : False;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    ulong u = reader.ReadUInt64();
                    return u > long.MaxValue ? u : (long)u;
                }
                long value = reader.ReadInt64();
                return value is >= -32 and <= 255 ? SmallInts[value + 32] : value;
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32 ? reader.ReadSingle() : reader.ReadDouble();
            case MessagePackType.String:
                return ReadString(ref reader);
            case MessagePackType.Binary:
                return reader.ReadBytes()!.Value.ToArray();
            case MessagePackType.Array:
                int n = reader.ReadArrayHeader();
                var list = new List<object?>(n);
                for (int i = 0; i < n; i++) list.Add(ReadValue(ref reader));
                return list;
            case MessagePackType.Map:
                int m = reader.ReadMapHeader();
                var map = new MsgpackMap(m);
                for (int i = 0; i < m; i++) map[ReadValue(ref reader)!] = ReadValue(ref reader);
                return map;
            default:
                throw new NotSupportedException($"{reader.NextMessagePackType} is not needed by the benchmark");
        }
    }

    // Field names through the same per-thread cache our decoder uses, so only the byte-level reader differs.
    private static string ReadKey(ref MessagePackReader reader) =>
        reader.TryReadStringSpan(out ReadOnlySpan<byte> span) ? Utf8KeyCache.GetString(span, 0) : ReadString(ref reader);

    // MessagePackReader.ReadString substitutes U+FFFD for invalid UTF-8; the format requires an error, so decode the bytes ourselves.
    private static string ReadString(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out ReadOnlySpan<byte> span))
            return StrictUtf8.GetString(span);
        ReadOnlySequence<byte> sequence = reader.ReadStringSequence()!.Value;
        return StrictUtf8.GetString(sequence.ToArray());
    }
}
