using System.Security.Cryptography;

namespace Datadings.Downloads;

/// <summary>MD5 helpers: canonical hex form, and hashing a file in one sequential pass.</summary>
public static class Md5Hex
{
    /// <summary>Large reads keep hashing close to disk speed (and to md5sum) without a big memory footprint.</summary>
    internal const int BufferSize = 1 << 20;

    public static bool IsValid(string? md5) =>
        md5 is { Length: 32 } && md5.All(Uri.IsHexDigit);

    public static string Normalize(string md5) =>
        IsValid(md5) ? md5.ToLowerInvariant() : throw new ArgumentException($"'{md5}' is not an MD5 (32 hex digits).", nameof(md5));

    public static string ToHex(byte[] digest) => Convert.ToHexStringLower(digest);

    /// <summary>Hashes a whole file; <paramref name="onBytes"/> is told the running byte count (for progress).</summary>
    public static string HashFile(string path, Action<long>? onBytes = null, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[BufferSize];
        long done = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
            done += read;
            onBytes?.Invoke(done);
        }
        return ToHex(hash.GetHashAndReset());
    }
}
