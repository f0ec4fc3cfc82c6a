using System.Buffers.Binary;
using Datadings.Hashing;

namespace Datadings.IndexFiles;

/// <summary>The <c>.key_hashes</c> file: the 8-byte salt, then one u64 big-endian hash per key (FORMAT.md §5.3).</summary>
public static class KeyHashesFile
{
    private const int SaltSize = Blake2s.SaltSize;
    private const int EntrySize = sizeof(ulong);

    public static byte[] Serialize(KeyHashes keyHashes)
    {
        ArgumentNullException.ThrowIfNull(keyHashes);
        var file = new byte[SaltSize + (long)EntrySize * keyHashes.Count];
        keyHashes.Salt.CopyTo(file, 0);
        Span<byte> entries = file.AsSpan(SaltSize);
        for (int i = 0; i < keyHashes.Count; i++)
            BinaryPrimitives.WriteUInt64BigEndian(entries[(EntrySize * i)..], keyHashes.Hashes[i]);
        return file;
    }

    /// <summary>Parses a whole <c>.key_hashes</c> file.</summary>
    /// <param name="path">Named in errors.</param>
    /// <exception cref="DatadingsFormatException">Shorter than the salt, or a partial trailing entry.</exception>
    public static KeyHashes Parse(ReadOnlySpan<byte> file, string path)
    {
        if (file.Length < SaltSize)
            throw new DatadingsFormatException(
                $"key hashes file is {file.Length} bytes long; expected at least the {SaltSize}-byte salt", path, file.Length);

        int remainder = (file.Length - SaltSize) % EntrySize;
        if (remainder != 0)
        {
            long partialStart = file.Length - remainder;
            throw new DatadingsFormatException(
                $"key hashes file is {file.Length} bytes long; expected {SaltSize} + 8·n bytes, " +
                $"but the last entry has only {remainder} of its 8 bytes", path, partialStart);
        }

        var hashes = new ulong[(file.Length - SaltSize) / EntrySize];
        ReadOnlySpan<byte> entries = file[SaltSize..];
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = BinaryPrimitives.ReadUInt64BigEndian(entries[(EntrySize * i)..]);
        return new KeyHashes(file[..SaltSize].ToArray(), hashes);
    }

    /// <summary>
    /// Parses a <c>.key_hashes</c> file that must hold one hash per sample of a dataset whose length
    /// (<paramref name="expectedCount"/>) comes from <c>.keys</c>/<c>.offsets</c>.
    /// </summary>
    public static KeyHashes Parse(ReadOnlySpan<byte> file, string path, int expectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        KeyHashes parsed = Parse(file, path);
        if (parsed.Count != expectedCount)
        {
            // Point at the first surplus entry, or at the end of the file when entries are missing.
            long offset = parsed.Count > expectedCount ? SaltSize + (long)EntrySize * expectedCount : file.Length;
            throw new DatadingsFormatException(
                $"key hashes file holds {parsed.Count} hashes, but the dataset's .keys/.offsets say it has {expectedCount} samples",
                path, offset);
        }
        return parsed;
    }
}
