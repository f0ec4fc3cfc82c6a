using System.Buffers;
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

    /// <summary>The number of keys, read from the array header alone (the first bytes of a file of <paramref name="fileLength"/> bytes).</summary>
    public static int ReadCount(ReadOnlySpan<byte> header, long fileLength, string path)
    {
        try
        {
            var reader = new MsgpackReader(header);
            return CheckedCount(reader.ReadArrayHeader(), fileLength, path);
        }
        catch (DatadingsFormatException e) when (e.FilePath is null)
        {
            throw e.At(path);
        }
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
    private static int CheckedCount(int count, long fileLength, string path) =>
        count <= fileLength
            ? count
            : throw new DatadingsFormatException($"the array header announces {count} keys, more than the {fileLength}-byte file can hold", path, 0);
}
