using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Datadings.Hashing;

/// <summary>
/// BLAKE2s (RFC 7693), written from the RFC because .NET has none. Supports what the datadings format needs:
/// digest sizes 1..32 and the 8-byte salt of the parameter block (FORMAT.md §5.1; Python's
/// <c>hashlib.blake2s(data, salt=…)</c>). One-shot only; nothing is allocated on the heap per call.
/// </summary>
public static class Blake2s
{
    public const int MaxDigestSize = 32;
    public const int SaltSize = 8;
    private const int BlockSize = 64;
    private const int MaxKeySize = 32;

    private const uint IV0 = 0x6A09E667, IV1 = 0xBB67AE85, IV2 = 0x3C6EF372, IV3 = 0xA54FF53A;
    private const uint IV4 = 0x510E527F, IV5 = 0x9B05688C, IV6 = 0x1F83D9AB, IV7 = 0x5BE0CD19;

    // RFC 7693 §2.7: the message word schedule of each of the 10 rounds.
    private static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    /// <summary>Unkeyed BLAKE2s of <paramref name="data"/> with <c>digest.Length</c> (1..32) output bytes.</summary>
    /// <param name="salt">Empty (= eight zero bytes) or exactly 8 bytes.</param>
    /// <remarks>
    /// Pass the digest as a <see cref="Span{T}"/> (e.g. <c>buffer.AsSpan()</c>): C# binds a plain <c>byte[]</c>
    /// second argument to the <c>Hash(data, salt)</c> overload instead.
    /// </remarks>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest, ReadOnlySpan<byte> salt = default) =>
        HashCore(data, digest, salt, key: default);

    /// <summary>Unkeyed BLAKE2s-256 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data, ReadOnlySpan<byte> salt = default)
    {
        var digest = new byte[MaxDigestSize];
        HashCore(data, digest, salt, key: default);
        return digest;
    }

    /// <summary>The first 8 bytes of the BLAKE2s-256 digest read as a big-endian u64 (datadings' <c>hash_string</c>).</summary>
    public static ulong Hash64(ReadOnlySpan<byte> data, ReadOnlySpan<byte> salt = default)
    {
        Span<byte> digest = stackalloc byte[MaxDigestSize];
        HashCore(data, digest, salt, key: default);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>
    /// Keyed variant. Datadings never uses a key; it exists so the RFC 7693 Appendix E self-test,
    /// which mixes keyed and unkeyed hashes, can be run against this implementation.
    /// </summary>
    internal static void HashCore(ReadOnlySpan<byte> data, Span<byte> digest, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> key)
    {
        if (digest.Length is < 1 or > MaxDigestSize)
            throw new ArgumentException($"BLAKE2s digest size must be 1..{MaxDigestSize} bytes, got {digest.Length}.", nameof(digest));
        if (salt.Length is not (0 or SaltSize))
            throw new ArgumentException($"BLAKE2s salt must be empty or exactly {SaltSize} bytes, got {salt.Length}.", nameof(salt));
        if (key.Length > MaxKeySize)
            throw new ArgumentException($"BLAKE2s key must be at most {MaxKeySize} bytes, got {key.Length}.", nameof(key));

        Span<uint> h = stackalloc uint[8];
        // Parameter block word 0: digest length, key length, fanout 1, depth 1.
        h[0] = IV0 ^ 0x01010000u ^ ((uint)key.Length << 8) ^ (uint)digest.Length;
        h[1] = IV1;
        h[2] = IV2;
        h[3] = IV3;
        h[4] = IV4;
        h[5] = IV5;
        h[6] = IV6;
        h[7] = IV7;
        if (salt.Length == SaltSize)
        {
            h[4] ^= BinaryPrimitives.ReadUInt32LittleEndian(salt);
            h[5] ^= BinaryPrimitives.ReadUInt32LittleEndian(salt[4..]);
        }

        ulong counter = 0;
        Span<byte> lastBlock = stackalloc byte[BlockSize];

        if (key.Length > 0)
        {
            // A key is a zero-padded first block; it is the final block only when there is no data.
            lastBlock.Clear();
            key.CopyTo(lastBlock);
            counter = BlockSize;
            Compress(h, lastBlock, counter, isLast: data.IsEmpty);
            if (data.IsEmpty)
            {
                WriteDigest(h, digest);
                return;
            }
        }

        // Every full block except the very last one is compressed straight from the input.
        while (data.Length > BlockSize)
        {
            counter += BlockSize;
            Compress(h, data[..BlockSize], counter, isLast: false);
            data = data[BlockSize..];
        }

        lastBlock.Clear();
        data.CopyTo(lastBlock);
        counter += (ulong)data.Length;
        Compress(h, lastBlock, counter, isLast: true);
        WriteDigest(h, digest);
    }

    private static void WriteDigest(ReadOnlySpan<uint> h, Span<byte> digest)
    {
        Span<byte> full = stackalloc byte[MaxDigestSize];
        for (int i = 0; i < 8; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(full[(4 * i)..], h[i]);
        full[..digest.Length].CopyTo(digest);
    }

    [SkipLocalsInit]
    private static void Compress(Span<uint> h, ReadOnlySpan<byte> block, ulong counter, bool isLast)
    {
        Span<uint> m = stackalloc uint[16];
        for (int i = 0; i < 16; i++)
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);

        uint v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        uint v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        uint v12 = IV4 ^ (uint)counter, v13 = IV5 ^ (uint)(counter >> 32);
        uint v14 = isLast ? ~IV6 : IV6, v15 = IV7;

        ReadOnlySpan<byte> sigma = Sigma;
        for (int round = 0; round < 10; round++)
        {
            ReadOnlySpan<byte> s = sigma.Slice(16 * round, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }

        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint x, uint y)
    {
        a = a + b + x;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + y;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }
}
