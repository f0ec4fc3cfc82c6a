namespace Datadings.Caching;

/// <summary>
/// Bounds a transfer by progress rather than by total time: its token is cancelled when <see cref="Kick"/> has not
/// been called for the stall time (connect, response headers, or between two chunks of a body), so a cache that
/// accepts a connection and then sends or takes nothing fails after that time instead of hanging the build, while a
/// large transfer that keeps moving is never cut off.
/// </summary>
internal sealed class StallGuard : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;

    public StallGuard(TimeSpan stall, CancellationToken caller)
    {
        Stall = stall;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(stall);
    }

    public TimeSpan Stall { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>Progress was made: the stall time starts again.</summary>
    public void Kick() => _source.CancelAfter(Stall);

    /// <summary>Whether the caller cancelled (Ctrl+C): anything else that cancels a transfer is a stall or a timeout.</summary>
    public bool CallerCancelled => _caller.IsCancellationRequested;

    public void Dispose() => _source.Dispose();
}

/// <summary>A read-only stream over another that kicks a <see cref="StallGuard"/> on every read (an upload's body).</summary>
internal sealed class GuardedReadStream(Stream inner, StallGuard guard) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        guard.Kick();
        return inner.Read(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        guard.Kick();
        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
