using System.Globalization;

namespace Datadings.Hashing;

/// <summary>datadings' salted key hashes (FORMAT.md §5): <c>hash_string</c> and the collision-free salt search.</summary>
public static class KeyHashing
{
    /// <summary>How many salts the reference tries before giving up.</summary>
    public const int MaxSaltTries = 1000;

    /// <summary>A hash function for the salt search; a seam so tests can force collisions.</summary>
    internal delegate ulong KeyHasher(string key, ReadOnlySpan<byte> salt);

    /// <summary>
    /// <c>hash_string(key, salt)</c>: BLAKE2s-256 of the key's UTF-8 bytes with <paramref name="salt"/> in the
    /// parameter block; the first 8 digest bytes as a big-endian u64.
    /// </summary>
    /// <param name="salt">Empty or 8 bytes.</param>
    public static ulong HashKey(string key, ReadOnlySpan<byte> salt) =>
        KeyEncoding.WithUtf8(key, salt, static (salt, utf8) => Blake2s.Hash64(utf8, salt));

    /// <summary><c>hash_string</c> of a key that is already UTF-8 encoded.</summary>
    public static ulong HashKey(ReadOnlySpan<byte> utf8Key, ReadOnlySpan<byte> salt) => Blake2s.Hash64(utf8Key, salt);

    /// <summary>The salt tried as number <paramref name="saltInt"/>: the first 8 bytes of BLAKE2s-256 of <c>str(saltInt)</c>.</summary>
    public static byte[] SaltCandidate(int saltInt)
    {
        Span<byte> decimalText = stackalloc byte[16];
        saltInt.TryFormat(decimalText, out int written, provider: CultureInfo.InvariantCulture);
        Span<byte> digest = stackalloc byte[Blake2s.MaxDigestSize];
        Blake2s.Hash(decimalText[..written], digest);
        return digest[..Blake2s.SaltSize].ToArray();
    }

    /// <summary>
    /// Hashes all keys with the first salt candidate (0, 1, 2, …) under which no two keys share a hash,
    /// as the reference writer does (FORMAT.md §5.2).
    /// </summary>
    /// <exception cref="InvalidOperationException">All <see cref="MaxSaltTries"/> salts produced a collision.</exception>
    public static KeyHashes Compute(IReadOnlyList<string> keys) => Compute(keys, HashKey);

    internal static KeyHashes Compute(IReadOnlyList<string> keys, KeyHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hashes = new ulong[keys.Count];
        var seen = new HashSet<ulong>(keys.Count);

        for (int saltInt = 0; saltInt < MaxSaltTries; saltInt++)
        {
            byte[] salt = SaltCandidate(saltInt);
            if (TryHashAll(keys, salt, hasher, hashes, seen))
                return new KeyHashes(salt, hashes);
            seen.Clear();
        }

        throw new InvalidOperationException(
            $"Could not find a salt that gives {keys.Count} keys distinct 64-bit hashes after trying {MaxSaltTries} salts " +
            "(are there duplicate keys?).");
    }

    private static bool TryHashAll(IReadOnlyList<string> keys, byte[] salt, KeyHasher hasher, ulong[] hashes, HashSet<ulong> seen)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            ulong hash = hasher(keys[i], salt);
            if (!seen.Add(hash))
                return false;
            hashes[i] = hash;
        }
        return true;
    }
}
