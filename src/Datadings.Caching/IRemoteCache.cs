namespace Datadings.Caching;

/// <summary>
/// A content-addressed store shared by machines. Paths are relative, '/'-separated (e.g. <c>files/0123…</c>).
/// Implementations make an upload visible only when complete (the backend's atomic put, or temp name + commit) and
/// throw <see cref="RemoteCacheException"/> for anything but "not there".
/// </summary>
public interface IRemoteCache : IDisposable
{
    /// <summary>A short description for messages (the base address, never a credential).</summary>
    string Description { get; }

    /// <summary>Copies the entry into <paramref name="destination"/>; false when the cache has no such entry.</summary>
    Task<bool> TryGetAsync(string path, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// What the cache says about an entry without sending it (HTTP <c>HEAD</c>, Azure's blob properties): its size and,
    /// when the backend keeps one, the MD5 of its bytes; null when there is no such entry.
    /// </summary>
    Task<RemoteStat?> StatAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the file under <paramref name="path"/>; readers see either nothing or all of it. <paramref name="md5"/>
    /// (lower-case hex, when the caller knows it) is stored with the entry by backends that keep one, so that
    /// <see cref="StatAsync"/> can report it.
    /// </summary>
    Task PutAsync(string path, string file, string? md5, CancellationToken cancellationToken);
}

/// <summary>An entry's size in bytes and the MD5 (lower-case hex) the backend keeps for it, if any.</summary>
public sealed record RemoteStat(long Size, string? Md5);

/// <summary>
/// The cache could not be reached, refused a request (network, 4xx/5xx other than 404, credentials), or was too slow:
/// <see cref="TooSlow"/> when a transfer fell below the minimum rate (it kept moving, but would take too long).
/// </summary>
public sealed class RemoteCacheException(string message, Exception? inner = null, bool tooSlow = false) : Exception(message, inner)
{
    public bool TooSlow { get; } = tooSlow;
}

/// <summary>An entry arrived but is not what its manifest says (size or MD5): it is discarded.</summary>
public sealed class RemoteCacheCorruptException(string message) : Exception(message);
