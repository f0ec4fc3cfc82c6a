namespace Datadings.Hashing;

/// <summary>The content of a <c>.key_hashes</c> file: the salt and one salted 64-bit hash per key, in key order.</summary>
public sealed class KeyHashes
{
    public KeyHashes(byte[] salt, ulong[] hashes)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(hashes);
        if (salt.Length != Blake2s.SaltSize)
            throw new ArgumentException($"The key hash salt must be {Blake2s.SaltSize} bytes, got {salt.Length}.", nameof(salt));
        Salt = salt;
        Hashes = hashes;
    }

    /// <summary>The 8-byte BLAKE2s salt all hashes were made with.</summary>
    public byte[] Salt { get; }

    /// <summary><c>Hashes[i]</c> = <see cref="KeyHashing.HashKey(string, ReadOnlySpan{byte})"/> of key i with <see cref="Salt"/>.</summary>
    public ulong[] Hashes { get; }

    public int Count => Hashes.Length;
}
