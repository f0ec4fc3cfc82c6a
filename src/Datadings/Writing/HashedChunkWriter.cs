using System.Security.Cryptography;

namespace Datadings.Writing;

/// <summary>
/// Writes a file in 1 MiB chunks and computes its MD5 on a worker thread, one chunk behind: while chunk N is
/// hashed, it is written and chunk N+1 is filled. MD5 is the slowest step of writing a dataset (about as fast as
/// <c>md5sum</c>), so overlapping it lets writing run at hashing speed instead of hashing plus writing.
/// </summary>
/// <remarks>
/// Two buffers alternate; a chunk is reused only after its hash was taken, so the hash covers the bytes in order.
/// Not thread-safe (one writer). The stream is owned by the caller, who disposes it.
/// </remarks>
internal sealed class HashedChunkWriter(Stream output) : IDisposable
{
    private const int ChunkSize = 1 << 20;

    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[] _filling = GC.AllocateUninitializedArray<byte>(ChunkSize);
    private byte[] _spare = GC.AllocateUninitializedArray<byte>(ChunkSize);
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

    /// <summary>Writes what is buffered, flushes the stream and returns the MD5 of everything written.</summary>
    public byte[] Finish()
    {
        WriteFilledChunk();
        _hashing.GetAwaiter().GetResult();
        output.Flush();
        return _md5.GetHashAndReset();
    }

    public void Dispose()
    {
        // The worker must be done with the hash before it is disposed (its failure, if any, was already reported or is moot).
        try { _hashing.Wait(); }
        catch (AggregateException) { }
        _md5.Dispose();
    }

    private void WriteFilledChunk()
    {
        byte[] chunk = _filling;
        int length = _filled;
        // The previous chunk (the spare) must be hashed before this one, and before it is filled again.
        _hashing.GetAwaiter().GetResult();
        _hashing = Task.Run(() => _md5.AppendData(chunk, 0, length));
        output.Write(chunk, 0, length);
        (_filling, _spare) = (_spare, chunk);
        _filled = 0;
    }
}
