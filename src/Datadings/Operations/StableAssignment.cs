using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Datadings.Hashing;
using Datadings.Msgpack;

namespace Datadings.Operations;

/// <summary>
/// The rule of a stable split. A sample's position is <c>u = (BLAKE2s-256(data, salt = seed as 8 bytes
/// little-endian) read as a big-endian u64 from its first 8 bytes) >> 11 / 2^53</c>, uniform in [0, 1); its part
/// is the first i with <c>u &lt; f0 + … + fi</c> (the last part if rounding leaves none). The data is the key's
/// UTF-8 bytes, or the content: each included field's encoded name and value, in stored order. Nothing depends on
/// other samples, so adding samples never moves one. In Python:
/// <c>int.from_bytes(hashlib.blake2s(data, salt=seed.to_bytes(8, 'little', signed=True)).digest()[:8], 'big') >> 11) / 2**53</c>.
/// </summary>
public static class StableAssignment
{
    public static double Position(ReadOnlySpan<byte> data, long seed)
    {
        Span<byte> salt = stackalloc byte[Blake2s.SaltSize];
        BinaryPrimitives.WriteInt64LittleEndian(salt, seed);
        return (Blake2s.Hash64(data, salt) >> 11) * (1.0 / (1UL << 53));
    }

    public static int Part(double position, IReadOnlyList<double> fractions)
    {
        double cumulative = 0;
        for (int i = 0; i < fractions.Count - 1; i++)
        {
            cumulative += fractions[i];
            if (position < cumulative) return i;
        }
        return fractions.Count - 1;
    }

    /// <summary>The bytes hashed for one packed sample.</summary>
    public static byte[] HashedData(string key, ReadOnlySpan<byte> packedSample, StableSplitBy by, IReadOnlyList<string>? contentFields)
    {
        if (by == StableSplitBy.Key) return Encoding.UTF8.GetBytes(key);
        var content = new ArrayBufferWriter<byte>();
        if (contentFields is null)
        {
            PackedFields.AppendFieldBytes(packedSample, name => name != Sample.KeyField, content);
            return content.WrittenSpan.ToArray();
        }
        var wanted = contentFields.ToHashSet(StringComparer.Ordinal);
        PackedFields.AppendFieldBytes(packedSample, wanted.Contains, content);
        foreach (string field in contentFields)
        {
            if (!PackedFields.TryGetRaw(packedSample, field, out _))
                throw new InvalidDataException($"sample \"{key}\" has no \"{field}\" field to hash for a content-stable split");
        }
        return content.WrittenSpan.ToArray();
    }
}
