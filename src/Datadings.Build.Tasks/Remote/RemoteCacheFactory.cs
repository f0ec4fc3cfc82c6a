using System.Runtime.CompilerServices;
using Datadings.Caching;

namespace Datadings.Build.Tasks.Remote;

/// <summary>Opens the remote cache a build names by address; credentials come from the environment, never the address.</summary>
internal static class RemoteCacheFactory
{
    /// <summary><c>http(s)://…</c>: an HTTP cache; <c>azblob://CONTAINER[/PREFIX]</c>: Azure Blob Storage. Else <see cref="ArgumentException"/>.</summary>
    public static IRemoteCache Open(string address, TimeSpan timeout)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                return new HttpRemoteCache(uri, timeout);
            if (uri.Scheme == "azblob")
                return OpenAzure(uri, timeout);
        }
        throw new ArgumentException($"'{address}' is not a remote cache address (http://…, https://… or azblob://CONTAINER[/PREFIX])");
    }

    // Its own method so the Azure SDK's assemblies load only when a build names an Azure cache.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IRemoteCache OpenAzure(Uri uri, TimeSpan timeout) => new Datadings.Caching.Azure.AzureBlobRemoteCache(uri, timeout);
}
