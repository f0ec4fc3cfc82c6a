using System.Buffers.Binary;

namespace Datadings.Sources;

/// <summary>
/// Reads one member's name bytes from a zip's central directory (APPNOTE 4.3.12, 4.3.16), as stored. Only used to
/// show the bytes of a name that could not be decoded: <see cref="System.IO.Compression.ZipArchive"/> does not
/// expose them. Zip64 directories and anything unexpected give null (the message then shows the decoded name).
/// </summary>
internal static class ZipCentralDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint EntrySignature = 0x02014b50;
    private const int EndRecordLength = 22;

    public static byte[]? NameBytes(string zipPath, int position)
    {
        try
        {
            using var file = File.OpenRead(zipPath);
            // The end record sits in the last 22 + 65,535 (comment) bytes; search backwards for its signature.
            var tail = new byte[(int)Math.Min(file.Length, EndRecordLength + 0xFFFF)];
            file.Seek(-tail.Length, SeekOrigin.End);
            file.ReadExactly(tail);
            for (var end = tail.Length - EndRecordLength; end >= 0; end--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end)) != EndSignature) continue;
                var offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
                if (offset == uint.MaxValue) return null; // zip64
                file.Position = offset;
                var header = new byte[46];
                for (var i = 0; i <= position; i++)
                {
                    file.ReadExactly(header);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature) return null;
                    int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
                    int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
                    int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
                    if (i == position)
                    {
                        var name = new byte[nameLength];
                        file.ReadExactly(name);
                        return name;
                    }
                    file.Seek(nameLength + extraLength + commentLength, SeekOrigin.Current);
                }
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
