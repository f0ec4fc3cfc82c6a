using System.Security.Cryptography;

namespace Datadings.Writing;

/// <summary>
/// Writes a file in 1 MiB chunks and computes its MD5 on a worker thread, behind the writing: while chunk N is
/// hashed, it is written and the next chunks are filled. MD5 is the slowest step of writing a dataset (about as
/// fast as <c>md5sum</c>), so overlapping it lets writing run at hashing speed instead of hashing plus writing.
/// </summary>
/// <remarks>
/// Up to <see cref="ChunksInFlight"/> chunks wait for hashing, so a hashing thread that is scheduled late (a busy
/// machine) does not stall the writer at once. The hashes are chained, so the MD5 covers the chunks in order, and a
/// chunk is refilled only after its own hash is done. Not thread-safe (one writer). The stream belongs to the caller.
/// </remarks>
internal sealed class HashedChunkWriter(FileStream output) : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private const int ChunksInFlight = 4;

    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Queue<(byte[] Chunk, Task Hashed)> _inFlight = new();
    private byte[] _filling = GC.AllocateUninitializedArray<byte>(ChunkSize);
    private int _filled;
    private Task _hashing = Task.CompletedTask;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, ChunkSize - _filled);
            bytes[..n].CopyTo(_filling.AsSpan(_filled));
            _filled += n;
            bytes = bytes[n..];
            if (_filled == ChunkSize)
                WriteFilledChunk();
        }
    }

    /// <summary>
    /// Writes <paramref name="slices"/> after everything written so far with one gathered positional write (no copy
    /// into a chunk) and queues their hashing; the task completes when they are hashed, and until then the caller
    /// must not change their memory.
    /// </summary>
    public Task WriteGathered(IReadOnlyList<ReadOnlyMemory<byte>> slices)
    {
        if (_filled > 0)
            WriteFilledChunk();
        long start = output.Position;
        long length = 0;
        foreach (var slice in slices) length += slice.Length;
        RandomAccess.Write(output.SafeFileHandle, slices, start);
        output.Position = start + length;
        _hashing = _hashing.ContinueWith(previous =>
        {
            previous.GetAwaiter().GetResult();
            foreach (var slice in slices) _md5.AppendData(slice.Span);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return _hashing;
    }

    /// <summary>Writes what is buffered, flushes the stream and returns the MD5 of everything written.</summary>
    public byte[] Finish()
    {
        if (_filled > 0)
            WriteFilledChunk();
        _hashing.GetAwaiter().GetResult();
        output.Flush();
        return _md5.GetHashAndReset();
    }

    public void Dispose()
    {
        // The worker must be done with the hash before it is disposed (a failure was already reported, or is moot).
        try { _hashing.Wait(); }
        catch (AggregateException) { }
        _md5.Dispose();
    }

    private void WriteFilledChunk()
    {
        byte[] chunk = _filling;
        int length = _filled;
        _hashing = _hashing.ContinueWith(previous =>
        {
            previous.GetAwaiter().GetResult();
            _md5.AppendData(chunk, 0, length);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _inFlight.Enqueue((chunk, _hashing));
        output.Write(chunk, 0, length);
        _filled = 0;
        if (_inFlight.Count < ChunksInFlight)
        {
            _filling = GC.AllocateUninitializedArray<byte>(ChunkSize);
            return;
        }
        var (oldest, hashed) = _inFlight.Dequeue();
        hashed.GetAwaiter().GetResult();
        _filling = oldest;
    }
}
