namespace Datadings.Sources;

/// <summary>
/// A window [offset, offset + length) of a seekable stream (owned unless told otherwise): how an uncompressed tar
/// entry is read in place.
/// </summary>
internal sealed class SliceStream : ReadOnlyForwardStream
{
    private readonly Stream _inner;
    private readonly long _start;
    private readonly bool _leaveOpen;
    private long _remaining;

    public SliceStream(Stream inner, long offset, long length, bool leaveOpen = false)
    {
        _leaveOpen = leaveOpen;
        _inner = inner;
        _start = offset;
        _remaining = length;
        Length = length;
        inner.Seek(offset, SeekOrigin.Begin);
    }

    public override long Length { get; }
    public override long Position { get => Length - _remaining; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        // An empty read (System.Formats.Tar's reader makes them) returns 0 from the file too: not the end of the archive.
        if (_remaining == 0 || buffer.IsEmpty) return 0;
        var n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        if (n == 0)
            throw new EndOfStreamException($"The archive ends {_remaining} bytes before the entry data starting at offset {_start} does.");
        _remaining -= n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _inner.Dispose();
        base.Dispose(disposing);
    }
}
