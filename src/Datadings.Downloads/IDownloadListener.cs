namespace Datadings.Downloads;

/// <summary>
/// Hears what the engine is doing. Called from worker threads: implementations must be thread-safe
/// (the MSBuild task queues the calls and logs them from its own thread).
/// </summary>
public interface IDownloadListener
{
    void Progress(TransferProgress progress) { }

    /// <summary>An attempt failed transiently; the engine waits <paramref name="delay"/> and tries again.</summary>
    void Retrying(string sourceName, string location, int attempt, int maxAttempts, TimeSpan delay, string reason) { }

    /// <summary>One location failed for good; the next mirror is tried.</summary>
    void MirrorFailed(string sourceName, DownloadFailedException failure, string nextLocation) { }

    /// <summary>Another build holds the lock for this source; we wait for it instead of downloading twice.</summary>
    void WaitingForOtherBuild(string sourceName, string lockPath) { }

    /// <summary>
    /// A download that had resumed an interrupted one at <paramref name="resumedAt"/> failed verification; the engine
    /// starts once more from byte zero (the resumed prefix may be what was wrong).
    /// </summary>
    void RestartingResumedDownload(string sourceName, string location, long resumedAt, string reason) { }

    /// <summary>A cached file no longer matches its MD5 (disk damage, manual edits) and is fetched again.</summary>
    void DiscardedCorruptCacheEntry(string sourceName, string path, string actualMd5) { }
}

/// <summary>A listener that ignores everything.</summary>
public sealed class NullDownloadListener : IDownloadListener
{
    public static readonly NullDownloadListener Instance = new();
}
