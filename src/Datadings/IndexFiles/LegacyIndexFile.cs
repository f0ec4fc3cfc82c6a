using Datadings.Msgpack;

namespace Datadings.IndexFiles;

/// <summary>
/// The legacy <c>.index</c> file: one msgpack map from key to the start offset of its sample, in write order
/// (FORMAT.md §8). The end of the last sample is the data file's length.
/// </summary>
public static class LegacyIndexFile
{
    public static (string[] Keys, long[] Offsets) Parse(ReadOnlySpan<byte> file, string path, long dataLength)
    {
        try
        {
            var reader = new MsgpackReader(file);
            int count = reader.ReadMapHeader();
            if (count > file.Length / 2)
                throw new DatadingsFormatException($"the map header announces {count} entries, more than the {file.Length}-byte file can hold", null, 0);
            var keys = new string[count];
            var offsets = new long[count + 1];
            for (int i = 0; i < count; i++)
            {
                keys[i] = reader.ReadString();
                int at = reader.Position;
                long start = reader.ReadInt64();
                if (start < 0 || start > dataLength || (i == 0 && start != 0) || (i > 0 && start <= offsets[i - 1]))
                    throw new DatadingsFormatException(
                        $"start offset {start} of key \"{keys[i]}\" must be {(i == 0 ? "0" : $"greater than {offsets[i - 1]} and at most the data length {dataLength}")}", null, at);
                offsets[i] = start;
            }
            if (reader.Position != file.Length)
                throw new DatadingsFormatException($"expected the file to end after {count} entries, but {file.Length - reader.Position} bytes follow", null, reader.Position);
            offsets[count] = dataLength;
            if (count == 0 ? dataLength != 0 : offsets[count - 1] >= dataLength)
                throw new DatadingsFormatException(count == 0
                    ? $"the index lists no samples but the data file has {dataLength} bytes"
                    : $"the last sample starts at {offsets[count - 1]}, at or past the end of the {dataLength}-byte data file", null, 0);
            return (keys, offsets);
        }
        catch (DatadingsFormatException e) when (e.FilePath is null)
        {
            throw e.At(path);
        }
    }
}
