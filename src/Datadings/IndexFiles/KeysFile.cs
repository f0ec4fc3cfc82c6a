using System.Buffers;
using System.Buffers.Binary;
using Datadings.Msgpack;

namespace Datadings.IndexFiles;

/// <summary><c>.keys</c>: one msgpack array of the n keys, as strings, in write order (FORMAT.md §4).</summary>
public static class KeysFile
{
    public static byte[] Serialize(IReadOnlyList<string> keys)
    {
        var output = new ArrayBufferWriter<byte>(16 + keys.Count * 8);
        var writer = new MsgpackWriter(output);
        writer.WriteArrayHeader(keys.Count);
        foreach (var key in keys) writer.WriteString(key);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The number of keys, read from the array header alone: <paramref name="header"/> holds the first bytes
    /// (up to 5) of a file of <paramref name="fileLength"/> bytes, so the rest need not be read.
    /// </summary>
    public static int ReadCount(ReadOnlySpan<byte> header, long fileLength, string path)
    {
        if (header.IsEmpty) throw new DatadingsFormatException("expected a msgpack array of keys, but the file is empty", path, 0);
        byte code = header[0];
        int needed = code switch { 0xdc => 3, 0xdd => 5, _ => 1 };
        if (header.Length < needed)
            throw new DatadingsFormatException($"the array header needs {needed} bytes, but the file has {header.Length}", path, 0);
        long count = code switch
        {
            >= 0x90 and <= 0x9f => code & 0x0f,
            0xdc => BinaryPrimitives.ReadUInt16BigEndian(header[1..]),
            0xdd => BinaryPrimitives.ReadUInt32BigEndian(header[1..]),
            _ => throw new DatadingsFormatException($"expected a msgpack array of keys, found format code 0x{code:x2}", path, 0),
        };
        return CheckedCount(count, fileLength, path);
    }

    public static string[] Parse(ReadOnlySpan<byte> file, string path)
    {
        try
        {
            var reader = new MsgpackReader(file);
            var keys = new string[CheckedCount(reader.ReadArrayHeader(), file.Length, path)];
            for (int i = 0; i < keys.Length; i++) keys[i] = reader.ReadString();
            if (reader.Position != file.Length)
                throw new DatadingsFormatException(
                    $"expected the file to end after {keys.Length} keys, but {file.Length - reader.Position} bytes follow", path, reader.Position);
            return keys;
        }
        catch (DatadingsFormatException e) when (e.FilePath is null)
        {
            throw e.At(path);
        }
    }

    // Every key takes at least one byte, so a larger count cannot be right (and must not size an allocation).
    private static int CheckedCount(long count, long fileLength, string path) =>
        count <= fileLength && count <= int.MaxValue
            ? (int)count
            : throw new DatadingsFormatException($"the array header announces {count} keys, more than the {fileLength}-byte file can hold", path, 0);
}
