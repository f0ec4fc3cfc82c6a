using System.Runtime.CompilerServices;
using Datadings.Caching;

namespace Datadings.Build.Tasks.Remote;

/// <summary>Opens the remote cache a build names by address; credentials come from the environment, never the address.</summary>
internal static class RemoteCacheFactory
{
    /// <summary><c>http(s)://…</c>: an HTTP cache; <c>azblob://CONTAINER[/PREFIX]</c>: Azure Blob Storage. Else <see cref="ArgumentException"/>.</summary>
    /// <param name="minimumBytesPerSecond">The lowest average rate of a transfer after its first <paramref name="timeout"/>; 0: none.</param>
    public static IRemoteCache Open(string address, TimeSpan timeout, double minimumBytesPerSecond)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException("the remote cache address must not hold credentials; set " + HttpRemoteCache.UserVariable + "/"
                    + HttpRemoteCache.PasswordVariable + " or " + HttpRemoteCache.TokenVariable + " (HTTP), or AZURE_STORAGE_CONNECTION_STRING (Azure)");
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                return new HttpRemoteCache(uri, timeout, minimumBytesPerSecond);
            if (uri.Scheme == "azblob")
                return OpenAzure(uri, timeout, minimumBytesPerSecond);
        }
        throw new ArgumentException($"'{WithoutUserInfo(address)}' is not a remote cache address (http://…, https://… or azblob://CONTAINER[/PREFIX])");
    }

    /// <summary>The address for a message: whatever stands between <c>://</c> and an <c>@</c> (a user and password) replaced.</summary>
    private static string WithoutUserInfo(string address) =>
        System.Text.RegularExpressions.Regex.Replace(address, "(?<=://)[^/?#]*@", "***@");

    // Its own method so the Azure SDK's assemblies load only when a build names an Azure cache.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IRemoteCache OpenAzure(Uri uri, TimeSpan timeout, double minimumBytesPerSecond) =>
        new Datadings.Caching.Azure.AzureBlobRemoteCache(uri, timeout, minimumBytesPerSecond);
}
