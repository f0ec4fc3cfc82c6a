namespace Datadings.Sources;

/// <summary>
/// The stream handed out for one entry: read-only, translating data errors into
/// <see cref="SourceException"/>s naming the source and entry, and disposing whatever it was opened on.
/// </summary>
internal sealed class EntryReadStream(Stream inner, string sourcePath, string entry, params IDisposable[] owned) : ReadOnlyForwardStream
{

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
