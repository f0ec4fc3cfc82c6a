using System.IO.Compression;
using System.Security.Cryptography;

namespace Datadings.Downloads;

/// <summary>
/// Explains an MD5 mismatch of a body the server sent with a Content-Encoding. Downloads are stored as sent (a .gz
/// served as "Content-Encoding: gzip" stays the published .gz), so the header alone changes nothing; but a server that
/// compresses a file on the fly sends other bytes than the published ones, and a header on a body that is not
/// compressed at all is a server bug worth naming instead of a bare MD5 mismatch.
/// </summary>
internal static class ContentEncodings
{
    /// <param name="Explanation">A sentence for the MD5 mismatch message, or empty.</param>
    /// <param name="DecodedPath">The gunzipped body, when that has the expected MD5 (the server compressed it in transit).</param>
    public readonly record struct Result(string Explanation, string? DecodedPath);

    public static Result Explain(SourceRequest source, PartialDownload partial, CancellationToken cancellationToken)
    {
        if (partial.ContentEncoding is not { } encoding)
            return new("", null);
        if (!encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            return new($" The server declared 'Content-Encoding: {encoding}'; downloads are stored as sent, without decoding, "
                + "so the bytes are that encoding of the file rather than the file: use a URL that serves the file itself.", null);
        }
        var head = partial.Head(2);
        if (head is not [0x1f, 0x8b])
        {
            return new($" The server declared 'Content-Encoding: gzip', but the body is not gzip-compressed (it does not start with 1f 8b): "
                + "the header is wrong, and the bytes as sent are not the declared file either.", null);
        }
        var decodedPath = partial.Path + ".decoded";
        var (md5, length) = Gunzip(source, partial.Path, decodedPath, cancellationToken);
        if (md5 == source.NormalizedMd5 && (source.Size is null || source.Size == length))
            return new("", decodedPath);
        if (File.Exists(decodedPath))
            File.Delete(decodedPath);
        return new($" The server declared 'Content-Encoding: gzip' and compressed the body; decompressed it has MD5 {md5} ({ByteSizes.Exact(length)}), "
            + "which does not match either.", null);
    }

    private static (string? Md5, long Length) Gunzip(SourceRequest source, string path, string decodedPath, CancellationToken cancellationToken)
    {
        try
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new FileStream(decodedPath, FileMode.Create, FileAccess.Write, FileShare.None);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var buffer = new byte[Md5Hex.BufferSize];
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
            }
            return (Md5Hex.ToHex(hash.GetHashAndReset()), output.Length);
        }
        catch (InvalidDataException)
        {
            File.Delete(decodedPath);
            return ("(none: not valid gzip data)", 0);
        }
        catch (OperationCanceledException)
        {
            File.Delete(decodedPath);
            throw;
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            File.Delete(decodedPath);
            throw LocalIo.Failure(e, source.Name, decodedPath, "decompressing the gzip-encoded body into");
        }
    }
}
