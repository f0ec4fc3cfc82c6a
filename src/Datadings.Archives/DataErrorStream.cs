using Datadings.Sources;
using SharpCompress.Common;

namespace Datadings.Archives;

/// <summary>
/// A SharpCompress decompressor as the tar reader and our error handling expect it: its own exceptions for damaged
/// data become <see cref="InvalidDataException"/>s (which the core names with source and entry), and disposing it
/// also closes the archive file under it (not every SharpCompress stream does).
/// </summary>
internal sealed class DataErrorStream(Stream decompressor, Stream file) : ReadOnlyForwardStream
{
    /// <summary>Opens a decompressor over <paramref name="file"/> (some read a header at once) with the same translation.</summary>
    public static DataErrorStream Open(Func<Stream, Stream> decompress, Stream file)
    {
        try
        {
            return new DataErrorStream(decompress(file), file);
        }
        catch (SharpCompressException e)
        {
            throw Damaged(e);
        }
    }

    /// <summary>A SharpCompress failure as damaged data; some of its exceptions carry only the default message.</summary>
    public static InvalidDataException Damaged(SharpCompressException e) =>
        new(e.Message.StartsWith("Exception of type", StringComparison.Ordinal)
            ? $"the data is not a valid archive of this kind or is damaged ({e.GetType().Name})"
            : e.Message, e);

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decompressor.Read(buffer);
        }
        catch (SharpCompressException e)
        {
            throw Damaged(e);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or NullReferenceException or ArgumentOutOfRangeException)
        {
            // Decoders fed garbage sometimes fail on their own bounds: still damaged data, not a bug of ours.
            throw new InvalidDataException($"the compressed data is damaged ({e.GetType().Name})", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressor.Dispose();
            file.Dispose();
        }
        base.Dispose(disposing);
    }
}
