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

    private readonly string _sourceName;

    private PartialDownload(string path, string sourceName, FileStream stream)
    {
        Path = path;
        _sourceName = sourceName;
        _stream = stream;
    }

    public string Path { get; }

    public long Length { get; private set; }

    /// <summary>
    /// The byte offset at which a server first continued these bytes with a Range request (this build or an earlier
    /// one left the prefix); null while every byte came from one response. A resumed file that fails verification
    /// is downloaded once more from zero, since the prefix itself may be what is wrong.
    /// </summary>
    public long? ResumedAt { get; private set; }

    /// <summary>The Content-Encoding the last response declared ("gzip", …), to explain an MD5 mismatch.</summary>
    public string? ContentEncoding { get; set; }

    public static PartialDownload Open(string path, string sourceName, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, sourceName, path, "creating the partial download");
        }
        var partial = new PartialDownload(path, sourceName, stream);
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
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            partial.Dispose();
            throw LocalIo.Failure(e, sourceName, path, "reading the earlier partial download");
        }
        catch
        {
            partial.Dispose();
            throw;
        }
    }

    /// <param name="expectedTotal">The whole file's size if known, to say how much space a full disk lacks.</param>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, long? expectedTotal, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, _sourceName, Path, "writing the partial download", expectedTotal);
        }
        _hash.AppendData(bytes.Span);
        Length += bytes.Length;
    }

    public void MarkResumedAt(long offset) => ResumedAt ??= offset;

    /// <summary>Starts over from byte zero (the server ignored our Range, or served something wrong).</summary>
    public void Reset()
    {
        try
        {
            _stream.SetLength(0);
            _stream.Position = 0;
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, _sourceName, Path, "truncating the partial download");
        }
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        Length = 0;
        ResumedAt = null;
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

    public void Flush()
    {
        try
        {
            _stream.Flush(flushToDisk: false);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, _sourceName, Path, "writing the partial download");
        }
    }

    /// <summary>Closes and deletes the file: after a local write failure its tail is unknown, and it takes space.</summary>
    public void Discard()
    {
        try
        {
            Dispose();
            File.Delete(Path);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            // Nothing more can be done here; the next build truncates or resumes it after hashing what is there.
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _hash.Dispose();
    }
}
