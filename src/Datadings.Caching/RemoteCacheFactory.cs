namespace Datadings.Caching;

/// <summary>Opens the remote cache a build names by address; credentials come from the environment, never the address.</summary>
public static class RemoteCacheFactory
{
    /// <summary>
    /// <c>http://…</c> or <c>https://…</c>: <see cref="HttpRemoteCache"/>. Throws <see cref="ArgumentException"/> for
    /// anything else (Azure Blob Storage is not built yet: see docs/remote-cache.md).
    /// </summary>
    public static IRemoteCache Open(string address, TimeSpan timeout)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return new HttpRemoteCache(uri, timeout);
        throw new ArgumentException($"'{address}' is not a remote cache address this version understands (http:// or https://)");
    }
}
