using System.Buffers;

namespace Datadings.Msgpack;

/// <summary>
/// Reads single fields out of a packed sample without decoding the rest: a split that only needs the label of a
/// sample with a 10 MB image should not copy the image.
/// </summary>
public static class PackedFields
{
    /// <summary>The encoded bytes of <paramref name="field"/>'s value in a packed sample (a msgpack map), if present.</summary>
    public static bool TryGetRaw(ReadOnlySpan<byte> packedSample, string field, out ReadOnlySpan<byte> value)
    {
        var reader = new MsgpackReader(packedSample);
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            bool match = Decode(reader.ReadRawObject()) == field;
            if (match)
            {
                value = reader.ReadRawObject();
                return true;
            }
            reader.Skip();
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Appends the packed sample's fields that <paramref name="include"/> accepts, each as its encoded name and
    /// value bytes, in stored order: e.g. the sample's content without its key.
    /// </summary>
    public static void AppendFieldBytes(ReadOnlySpan<byte> packedSample, Func<string, bool> include, IBufferWriter<byte> output)
    {
        var reader = new MsgpackReader(packedSample);
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            var nameBytes = reader.ReadRawObject();
            var valueBytes = reader.ReadRawObject();
            if (Decode(nameBytes) is { } name && !include(name)) continue;
            output.Write(nameBytes);
            output.Write(valueBytes);
        }
    }

    private static string? Decode(ReadOnlySpan<byte> encodedName)
    {
        var reader = new MsgpackReader(encodedName);
        // A non-string field name cannot equal a field we look for; "" would, so use null.
        return reader.PeekFormat() == MsgpackFormat.String ? reader.ReadString() : null;
    }
}
