using System.Globalization;
using Datadings.Downloads;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks;

/// <summary>Translates engine events into MSBuild log entries (posted to the task's thread).</summary>
internal sealed class BuildLogListener(MainThreadLog log, string projectFile) : IDownloadListener
{
    public void Progress(TransferProgress p)
    {
        var verb = p.Phase == TransferPhase.Verifying ? "verifying" : "downloading";
        var amount = p.Fraction is { } fraction
            ? $"{(fraction * 100).ToString("0", CultureInfo.InvariantCulture)}% of {ByteSizes.Format(p.TotalBytes!.Value)}"
            : ByteSizes.Format(p.BytesDone);
        var eta = p.EstimatedRemaining is { } remaining ? ", ETA " + ByteSizes.FormatDuration(remaining) : "";
        var line = $"{p.SourceName}: {verb} {amount} at {ByteSizes.FormatRate(p.BytesPerSecond)}{eta}";
        log.Post(l => l.LogMessage(DatadingsTask.ProgressImportance, line));
    }

    public void Retrying(string sourceName, string location, int attempt, int maxAttempts, TimeSpan delay, string reason)
    {
        var line = $"{sourceName}: attempt {attempt}/{maxAttempts} at {location} failed ({reason}); retrying in {ByteSizes.FormatDuration(delay)}";
        log.Post(l => l.LogMessage(MessageImportance.High, line));
    }

    public void MirrorFailed(string sourceName, DownloadFailedException failure, string nextLocation)
    {
        var message = $"{failure.Message} Trying the next location for '{sourceName}': {nextLocation}.";
        log.Post(l => l.LogWarning(null, ErrorCodes.MirrorFailed, null, projectFile, 0, 0, 0, 0, message));
    }

    public void WaitingForOtherBuild(string sourceName, string lockPath)
    {
        var line = $"{sourceName}: another build is fetching this source; waiting for it (lock {lockPath})";
        log.Post(l => l.LogMessage(MessageImportance.High, line));
    }

    public void RestartingResumedDownload(string sourceName, string location, long resumedAt, string reason)
    {
        var message = $"The download of source '{sourceName}' from {location} had resumed an interrupted one at byte {resumedAt.ToString("N0", CultureInfo.InvariantCulture)} "
            + $"and failed verification ({reason}). The resumed bytes were discarded; downloading once more from byte zero.";
        log.Post(l => l.LogWarning(null, ErrorCodes.ResumedDownloadRestarted, null, projectFile, 0, 0, 0, 0, message));
    }

    public void DiscardedCorruptCacheEntry(string sourceName, string path, string actualMd5)
    {
        var message = $"The cached copy of source '{sourceName}' at '{path}' has MD5 {actualMd5}, not the one it was stored under; it was deleted and will be fetched again. Check the disk if this repeats.";
        log.Post(l => l.LogWarning(null, ErrorCodes.CorruptCacheEntry, null, projectFile, 0, 0, 0, 0, message));
    }
}
