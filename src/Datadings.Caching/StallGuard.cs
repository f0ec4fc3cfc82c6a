using System.Diagnostics;
using System.Globalization;

namespace Datadings.Caching;

/// <summary>
/// Bounds a transfer two ways. <b>Progress</b>: its token is cancelled when <see cref="Kick"/> has not been called for
/// the stall time (connect, response headers, or between two chunks of a body), so a cache that accepts a connection
/// and then sends or takes nothing fails after that time. <b>Rate</b>: a transfer may take at most the stall time plus
/// one second per <c>minimumBytesPerSecond</c> bytes moved so far, so a cache that trickles bytes just fast enough to
/// never stall (one byte every few seconds, forever) fails too, after about the stall time, while a large transfer at
/// or above the minimum rate is never cut off.
/// </summary>
public sealed class StallGuard : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly double _minimumRate;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytes;
    private volatile bool _rateIsNext;

    /// <param name="stall">The longest time without progress.</param>
    /// <param name="minimumBytesPerSecond">The lowest average rate after the first <paramref name="stall"/>; 0: none.</param>
    /// <param name="caller">The caller's cancellation (Ctrl+C), which is not a failure of the cache.</param>
    public StallGuard(TimeSpan stall, double minimumBytesPerSecond, CancellationToken caller)
    {
        Stall = stall;
        _minimumRate = minimumBytesPerSecond;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(stall);
    }

    public TimeSpan Stall { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>Progress was made (<paramref name="bytes"/> more moved): the next deadline is the nearer of the two bounds.</summary>
    public void Kick(long bytes = 0)
    {
        var moved = Interlocked.Add(ref _bytes, bytes);
        var next = Stall;
        _rateIsNext = false;
        if (_minimumRate > 0)
        {
            var left = Stall + TimeSpan.FromSeconds(moved / _minimumRate) - _clock.Elapsed;
            if (left < next)
            {
                next = left;
                _rateIsNext = true;
            }
        }
        try
        {
            if (next <= TimeSpan.Zero) _source.Cancel();
            else _source.CancelAfter(next);
        }
        catch (ObjectDisposedException)
        {
            // A kick after the transfer ended (a stream disposed late): nothing to bound any more.
        }
    }

    /// <summary>Whether the caller cancelled (Ctrl+C): anything else that cancels a transfer is a stall or too slow.</summary>
    public bool CallerCancelled => _caller.IsCancellationRequested;

    /// <summary>Whether the transfer was cut off by the rate bound rather than by a stall.</summary>
    public bool TooSlow => _rateIsNext && _source.IsCancellationRequested && !CallerCancelled;

    /// <summary>The failure of a transfer this guard cut off, named for the user: a stall or too slow.</summary>
    public RemoteCacheException Failure(string what, Exception inner) => TooSlow
        ? new RemoteCacheException(string.Create(CultureInfo.InvariantCulture,
            $"{what} too slow: {Interlocked.Read(ref _bytes)} bytes in {_clock.Elapsed.TotalSeconds:0.#} s, below the minimum of {_minimumRate / 1000:0.#} KB/s (DatadingsRemoteCacheMinimumRate)"), inner, tooSlow: true)
        : new RemoteCacheException(string.Create(CultureInfo.InvariantCulture, $"{what} stalled: no progress for {Stall.TotalSeconds:0.#} s"), inner);

    public void Dispose() => _source.Dispose();
}

/// <summary>A read-only stream over another that kicks a <see cref="StallGuard"/> on every read (an upload's body).</summary>
public sealed class GuardedReadStream(Stream inner, StallGuard guard) : Stream
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
        var read = inner.Read(buffer, offset, count);
        guard.Kick(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        guard.Kick(read);
        return read;
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

/// <summary>A write-only stream over another that kicks a <see cref="StallGuard"/> on every write (a download's destination).</summary>
public sealed class GuardedWriteStream(Stream inner, StallGuard guard) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        guard.Kick(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        guard.Kick(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
