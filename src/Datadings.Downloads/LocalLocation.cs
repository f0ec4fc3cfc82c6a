namespace Datadings.Downloads;

/// <summary>Tells local locations (file:// URLs, absolute paths) from remote ones (http, https).</summary>
internal static class LocalLocation
{
    /// <summary>The local path for file:// URLs and rooted paths, null for http(s); throws for other schemes.</summary>
    public static string? TryGetPath(string location, string sourceName)
    {
        if (location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return null;
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(location, UriKind.Absolute, out var fileUri) && fileUri.IsFile)
            return fileUri.LocalPath;
        if (Path.IsPathFullyQualified(location))
            return Path.GetFullPath(location);
        throw new DownloadFailedException(DownloadFailure.InvalidSource, sourceName,
            $"Source '{sourceName}' has location '{location}', which is neither an http(s) URL, a file:// URL nor an absolute path. Fix the Url or Mirrors metadata.",
            location);
    }
}
