namespace Datadings.Downloads;

/// <summary>A source that is on disk and verified, and how it got there (for the one summary line per source).</summary>
/// <param name="Path">Full path of the verified file (in the cache, or a local/manual file used in place).</param>
/// <param name="Location">The URL or path the bytes came from; the cache path for cache hits.</param>
/// <param name="BytesTransferred">Bytes received over the network in this build (0 unless downloaded).</param>
/// <param name="BytesHashed">Bytes read to compute an MD5 in this build, beyond hashing on the fly while downloading.</param>
public sealed record SourceResolution(
    string SourceName,
    string Path,
    string Md5,
    long Size,
    SourceOutcome Outcome,
    string Location,
    long BytesTransferred,
    long BytesHashed,
    TimeSpan Duration);

public enum SourceOutcome
{
    /// <summary>Known good from its stamp: nothing read, nothing hashed.</summary>
    AlreadyVerified,
    /// <summary>Present but unstamped (new local file, manual drop, changed mtime): hashed once and stamped.</summary>
    Verified,
    /// <summary>Fetched in this build.</summary>
    Downloaded,
    /// <summary>Another build fetched it while we waited for its lock.</summary>
    DownloadedByOtherBuild,
}
