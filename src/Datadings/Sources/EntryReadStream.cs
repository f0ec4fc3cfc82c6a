namespace Datadings.Sources;

/// <summary>
/// The stream handed out for one entry: read-only, translating data errors into
/// <see cref="SourceException"/>s naming the source and entry, and disposing whatever it was opened on.
/// </summary>
internal sealed class EntryReadStream(Stream inner, string sourcePath, string entry, params IDisposable[] owned) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (SourceErrors.IsDataError(e))
        {
            throw SourceErrors.Wrap(e, sourcePath, entry, "reading the entry");
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            foreach (var o in owned) o.Dispose();
        }
        base.Dispose(disposing);
    }
}
