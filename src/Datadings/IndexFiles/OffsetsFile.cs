using System.Buffers.Binary;

namespace Datadings.IndexFiles;

/// <summary><c>.offsets</c>: n+1 big-endian u64 byte offsets into the data file (FORMAT.md §3).</summary>
public static class OffsetsFile
{
    public static byte[] Serialize(IReadOnlyList<long> offsets)
    {
        var bytes = new byte[offsets.Count * 8];
        for (int i = 0; i < offsets.Count; i++)
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * 8), offsets[i]);
        return bytes;
    }

    /// <summary>
    /// Parses and validates offsets: the first is 0, each is greater than the one before (a msgpack object is
    /// never empty), and the last equals the data file's length.
    /// </summary>
    public static long[] Parse(ReadOnlySpan<byte> file, string path, long dataLength)
    {
        if (file.Length < 8 || file.Length % 8 != 0)
            throw new DatadingsFormatException(
                $"expected (n+1) × 8 bytes of big-endian offsets, but the file has {file.Length} bytes", path, file.Length - file.Length % 8);
        var offsets = new long[file.Length / 8];
        for (int i = 0; i < offsets.Length; i++)
        {
            ulong value = BinaryPrimitives.ReadUInt64BigEndian(file[(i * 8)..]);
            long at = i * 8L;
            if (value > (ulong)dataLength)
                throw new DatadingsFormatException(
                    $"offset {value} of sample {i} points past the end of the {dataLength}-byte data file", path, at);
            offsets[i] = (long)value;
            if (i == 0 && value != 0)
                throw new DatadingsFormatException($"the first offset must be 0, found {value}", path, at);
            if (i > 0 && offsets[i] <= offsets[i - 1])
                throw new DatadingsFormatException(
                    $"offsets must increase: offset {i} is {offsets[i]}, not greater than {offsets[i - 1]}", path, at);
        }
        if (offsets[^1] != dataLength)
            throw new DatadingsFormatException(
                $"the last offset ({offsets[^1]}) must equal the data file's length ({dataLength}); the data file has trailing bytes",
                path, file.Length - 8);
        return offsets;
    }
}
