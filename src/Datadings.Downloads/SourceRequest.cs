namespace Datadings.Downloads;

/// <summary>
/// One source file a dataset needs: what it is called, where it can be fetched, and what it must hash to.
/// </summary>
/// <param name="Name">File name used in the cache and in every message (e.g. <c>train.zip</c>).</param>
/// <param name="Md5">Expected MD5 (32 hex digits, any case); the content address of the file.</param>
/// <param name="Locations">
/// Where to get it, tried in order: http(s) URLs, <c>file://</c> URLs or absolute local paths.
/// Empty for a source that must be fetched by hand.
/// </param>
/// <param name="Size">Expected size in bytes, if known; checked before and while downloading.</param>
/// <param name="ManualDownload">For sources without locations: how a person gets the file (shown in the error).</param>
/// <param name="ManualDropPath">For sources without locations: the exact path where the person must put the file.</param>
public sealed record SourceRequest(
    string Name,
    string Md5,
    IReadOnlyList<string> Locations,
    long? Size = null,
    string? ManualDownload = null,
    string? ManualDropPath = null)
{
    /// <summary>The MD5 in the canonical lower-case form used as cache key.</summary>
    public string NormalizedMd5 => Md5Hex.Normalize(Md5);
}
