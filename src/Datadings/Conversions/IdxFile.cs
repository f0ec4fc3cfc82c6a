using System.Buffers.Binary;
using System.IO.Compression;

namespace Datadings.Conversions;

/// <summary>
/// A file in the IDX format of MNIST and its relatives (Fashion-MNIST, KMNIST, EMNIST), gzipped or not: a header
/// (two zero bytes, the element type, the number of dimensions, each dimension as a big-endian int32) and then
/// the elements. Only unsigned bytes (type 0x08) are supported, which is what every one of these datasets uses.
/// Records (the first dimension) are read one at a time.
/// </summary>
internal sealed class IdxFile : IDisposable
{
    private const byte UnsignedByte = 0x08;
    private readonly Stream _stream;
    private readonly string _sourceName;
    private readonly bool _compressed;
    private int _recordsRead;

    private IdxFile(Stream stream, string sourceName, bool compressed, int[] dimensions)
    {
        _stream = stream;
        _sourceName = sourceName;
        _compressed = compressed;
        Dimensions = dimensions;
        RecordSize = dimensions.Skip(1).Aggregate(1L, (a, d) => a * d) is var size && size <= int.MaxValue
            ? (int)size
            : throw Layout($"a record of {string.Join('×', dimensions.Skip(1))} bytes is too large");
    }

    /// <summary>Every dimension; the first is the number of records.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    public int Count => Dimensions[0];

    public int RecordSize { get; }

    public static IdxFile Open(string path, string sourceName)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Open(file, file.Length, sourceName, "");
    }

    /// <summary>
    /// Reads the IDX file in <paramref name="raw"/> (taking ownership), gzipped or not; <paramref name="length"/> is
    /// its stored size when known (checked against the header for an uncompressed file); <paramref name="where"/>
    /// names the archive entry in messages (empty for a plain file).
    /// </summary>
    public static IdxFile Open(Stream raw, long? length, string sourceName, string where)
    {
        try
        {
            // Sniff the gzip magic without seeking: archive entries are forward-only streams.
            var magic = new byte[2];
            int got = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            var gzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            Stream whole = new PrefixedStream(magic.AsMemory(0, got), raw);
            Stream stream = gzip ? new BufferedStream(new GZipStream(whole, CompressionMode.Decompress), 1 << 16) : new BufferedStream(whole, 1 << 16);
            var name = where.Length > 0 ? $"{sourceName}' entry '{where}" : sourceName;
            var dimensions = ReadHeader(stream, name, gzip);
            var idx = new IdxFile(stream, name, gzip, dimensions);
            if (!gzip && length is { } size)
            {
                long expected = 4 + 4L * dimensions.Length + (long)idx.Count * idx.RecordSize;
                if (size != expected)
                    throw idx.Layout($"the header says {idx.Describe()} ({expected} bytes with the header), but the file has {size} bytes");
            }
            return idx;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record into <paramref name="record"/> (exactly <see cref="RecordSize"/> bytes).</summary>
    public void ReadRecord(Span<byte> record)
    {
        if (_recordsRead >= Count) throw new InvalidOperationException("All records were read.");
        try
        {
            _stream.ReadExactly(record[..RecordSize]);
        }
        catch (EndOfStreamException)
        {
            throw Layout($"the header says {Describe()}, but the data ends inside record {_recordsRead}");
        }
        catch (InvalidDataException e)
        {
            throw new ConversionException(ConversionError.CorruptSource, $"the gzip stream is damaged: {e.Message}", _sourceName, $"record {_recordsRead}", e);
        }
        _recordsRead++;
    }

    /// <summary>After the last record: the data must end here (a gzipped file's size is only known now).</summary>
    public void CheckEnd()
    {
        if (_compressed && _stream.ReadByte() >= 0)
            throw Layout($"the header says {Describe()}, but more data follows the last record");
    }

    private string Describe() => Dimensions.Count == 1
        ? $"{Count} items"
        : $"{Count} records of {string.Join('×', Dimensions.Skip(1))}";

    private static int[] ReadHeader(Stream stream, string sourceName, bool gzip)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            stream.ReadExactly(head);
            if (head[0] != 0 || head[1] != 0)
                throw new ConversionException(ConversionError.IdxLayout, $"not an IDX file: it starts with {Convert.ToHexString(head)}, not two zero bytes", sourceName, "header");
            if (head[2] != UnsignedByte)
                throw new ConversionException(ConversionError.IdxLayout, $"element type 0x{head[2]:X2} is not supported (only unsigned bytes, 0x08)", sourceName, "header");
            if (head[3] == 0)
                throw new ConversionException(ConversionError.IdxLayout, "the header declares no dimensions", sourceName, "header");
            var dimensions = new int[head[3]];
            Span<byte> word = stackalloc byte[4];
            for (int i = 0; i < dimensions.Length; i++)
            {
                stream.ReadExactly(word);
                dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(word);
                if (dimensions[i] < 0)
                    throw new ConversionException(ConversionError.IdxLayout, $"dimension {i} is negative ({dimensions[i]})", sourceName, "header");
            }
            return dimensions;
        }
        catch (EndOfStreamException)
        {
            throw new ConversionException(ConversionError.IdxLayout, "the file ends inside the IDX header", sourceName, "header");
        }
        catch (InvalidDataException e) when (gzip)
        {
            throw new ConversionException(ConversionError.CorruptSource, $"the gzip stream is damaged: {e.Message}", sourceName, "header", e);
        }
    }

    /// <summary>The source (and entry) name for messages.</summary>
    public string Name => _sourceName;

    public ConversionException Layout(string problem, string? location = null) => new(ConversionError.IdxLayout, problem, _sourceName, location);

    public void Dispose() => _stream.Dispose();

    /// <summary>Bytes already read from a stream, then the rest of it (so sniffing needs no seek).</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Sources.ReadOnlyForwardStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
