using System.Security.Cryptography;

namespace Datadings.Downloads;

/// <summary>
/// The <c>.partial</c> file a download streams into, hashed on the fly so the finished file never has to be
/// read again. Bytes left by an interrupted earlier build are hashed once on open so the download resumes.
/// </summary>
internal sealed class PartialDownload : IDisposable
{
    private readonly FileStream _stream;
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    private PartialDownload(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public long Length { get; private set; }

    public static PartialDownload Open(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.SequentialScan);
        var partial = new PartialDownload(path, stream);
        try
        {
            var buffer = new byte[Md5Hex.BufferSize];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                partial._hash.AppendData(buffer, 0, read);
                partial.Length += read;
            }
            return partial;
        }
        catch
        {
            partial.Dispose();
            throw;
        }
    }

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(bytes.Span);
        Length += bytes.Length;
    }

    /// <summary>Starts over from byte zero (the server ignored our Range, or served something wrong).</summary>
    public void Reset()
    {
        _stream.SetLength(0);
        _stream.Position = 0;
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        Length = 0;
    }

    /// <summary>MD5 of everything written so far, without disturbing further appends.</summary>
    public string CurrentMd5() => Md5Hex.ToHex(_hash.GetCurrentHash());

    /// <summary>Reads the first bytes back (to tell the user what the server actually sent).</summary>
    public byte[] Head(int count)
    {
        _stream.Flush();
        var position = _stream.Position;
        var head = new byte[(int)Math.Min(count, Length)];
        _stream.Position = 0;
        _stream.ReadExactly(head);
        _stream.Position = position;
        return head;
    }

    public void Flush() => _stream.Flush(flushToDisk: false);

    public void Dispose()
    {
        _stream.Dispose();
        _hash.Dispose();
    }
}
