namespace Datadings.Sources;

/// <summary>Passes a zip member's data through and fails at its end if the CRC-32 differs from the recorded one.</summary>
internal sealed class CrcCheckingStream(Stream inner, uint expected) : Stream
{
    private uint _crc;
    private bool _checked;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
            _crc = Crc32.Update(_crc, buffer[..n]);
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            if (_crc != expected)
                throw new InvalidDataException($"CRC-32 mismatch: the data gives {_crc:x8}, the archive records {expected:x8}.");
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
