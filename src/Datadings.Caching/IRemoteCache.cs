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

    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Stores the file under <paramref name="path"/>; readers see either nothing or all of it.</summary>
    Task PutAsync(string path, string file, CancellationToken cancellationToken);
}

/// <summary>The cache could not be reached or refused a request (network, 4xx/5xx other than 404, credentials).</summary>
public sealed class RemoteCacheException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An entry arrived but is not what its manifest says (size or MD5): it is discarded.</summary>
public sealed class RemoteCacheCorruptException(string message) : Exception(message);
