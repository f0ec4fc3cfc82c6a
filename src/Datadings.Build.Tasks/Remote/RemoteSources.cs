using Datadings.Caching;
using Datadings.Downloads;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// Sources through the remote cache: before a download, the file is fetched by MD5 into the local download cache
/// (verified; the resolver then finds it there like any cached file); after one, it is pushed if pushing is on.
/// </summary>
internal static class RemoteSources
{
    public static async Task<bool> TryPullAsync(RemoteCacheSession remote, DownloadCache cache, SourceRequest request, MainThreadLog log, string projectFile, CancellationToken cancellation)
    {
        // Only what would otherwise be downloaded: a file already cached or a local path costs nothing to get.
        if (!remote.Available || cache.FindEntry(request.NormalizedMd5) is not null || !request.Locations.Any(IsRemote))
            return false;
        try
        {
            Directory.CreateDirectory(cache.EntryDirectory(request.NormalizedMd5));
            var pulled = await remote.Store.TryPullSourceAsync(request.NormalizedMd5, cache.FinalPath(request.NormalizedMd5, request.Name), cancellation).ConfigureAwait(false);
            if (pulled)
                log.Post(l => l.LogMessage(MessageImportance.Normal, $"{request.Name}: pulled from the remote cache {remote.Store.Cache.Description}"));
            return pulled;
        }
        catch (RemoteCacheCorruptException e)
        {
            log.Post(l => l.LogWarning(null, RemoteCacheCodes.Corrupt, null, projectFile, 0, 0, 0, 0,
                $"Source '{request.Name}': discarded what the remote cache sent ({e.Message}); downloading it instead."));
        }
        catch (RemoteCacheException e)
        {
            Fail(remote, e, log, projectFile);
        }
        catch (Datadings.Writing.DiskFullException e)
        {
            // This machine's disk, not the cache: the same coded failure as a download that filled it.
            throw LocalIo.Failure((IOException)e.InnerException!, request.Name, e.Path, "pulling from the remote cache", request.Size);
        }
        return false;
    }

    /// <summary>
    /// Offers a resolved source to the cache. Only sources with a download address (a local path is never pulled).
    /// One this build downloaded (the cache just missed it) has the cache's copy checked by content, which costs
    /// nothing unless another machine pushed it meanwhile; one found in the download cache, which every pushing build
    /// offers again, only by what one HEAD tells (size, a stored MD5), so no build re-reads a large source to check it.
    /// </summary>
    public static async Task PushAsync(RemoteCacheSession remote, SourceRequest request, SourceResolution result, MainThreadLog log, string projectFile, CancellationToken cancellation)
    {
        if (!remote.Available || !request.Locations.Any(IsRemote)) return;
        try
        {
            await remote.Store.PushSourceAsync(request.NormalizedMd5, result.Path, checkContent: result.Outcome == SourceOutcome.Downloaded, cancellation).ConfigureAwait(false);
        }
        catch (RemoteCacheException e)
        {
            Fail(remote, e, log, projectFile);
        }
    }

    private static bool IsRemote(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static void Fail(RemoteCacheSession remote, RemoteCacheException e, MainThreadLog log, string projectFile)
    {
        if (remote.Fail(e) is { } warning)
            log.Post(l => l.LogWarning(null, warning.Code, null, projectFile, 0, 0, 0, 0, warning.Text));
    }
}
