using Datadings.Downloads;
using Datadings.Build.Tasks.Remote;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks;

/// <summary>
/// Makes every <c>DatasetSource</c> available on disk and verified: from the cache (no hashing when its
/// stamp matches), from a local file, or downloaded. Outputs one item per source at its verified path.
/// </summary>
public sealed class DownloadDatasetSources : DatadingsTask
{
    [Required]
    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>Download cache root; empty uses $DATADINGS_CACHE or the per-user cache folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Where sources with ManualDownload are expected; empty means in the cache, under their MD5.</summary>
    public string? ManualDownloadDirectory { get; set; }

    public int Parallelism { get; set; } = 4;

    public int Retries { get; set; } = 3;

    /// <summary>Idle timeout per attempt, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>Longest Retry-After a server may ask for, in seconds; longer fails at once (DD1016).</summary>
    public int MaxRetryAfterSeconds { get; set; } = 120;

    /// <summary>One item per source, item spec = full path of the verified file; metadata Md5, Size, SourceName, Origin.</summary>
    [Output]
    public ITaskItem[] Resolved { get; set; } = [];

    /// <summary>Address of the shared remote cache (docs/remote-cache.md); empty: none.</summary>
    public string? RemoteCache { get; set; }

    /// <summary>Upload sources this build downloaded (off by default: read-only).</summary>
    public bool RemoteCachePush { get; set; }

    public double RemoteCacheTimeoutSeconds { get; set; } = 10;

    /// <summary>DatadingsRemoteCacheMinimumRate: KB/s a transfer must average after its first timeout (0: no floor).</summary>
    public double RemoteCacheMinimumRate { get; set; } = 100;

    public override bool Execute()
    {
        var projectFile = ReportedProjectFile;
        var projectDirectory = ProjectDirectory;
        var log = new MainThreadLog(Log);
        var cache = new DownloadCache(string.IsNullOrWhiteSpace(CacheDirectory) ? DownloadCache.DefaultRoot() : Path.Combine(projectDirectory, CacheDirectory));
        var options = new DownloadOptions
        {
            Retries = Math.Max(0, Retries),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds)),
            MaxRetryAfter = TimeSpan.FromSeconds(Math.Max(0, MaxRetryAfterSeconds)),
            ProgressInterval = TimeSpan.FromSeconds(Math.Max(0, ProgressIntervalSeconds)),
        };
        Log.LogMessage(MessageImportance.Low, $"Datadings download cache: {cache.Root}");

        var remote = RemoteCacheSession.For(BuildEngine, Log, RemoteCache, RemoteCachePush, RemoteCacheTimeoutSeconds, RemoteCacheMinimumRate);
        using var resolver = new SourceResolver(cache, options, new BuildLogListener(log, projectFile));
        using var slots = new SemaphoreSlim(Math.Max(1, Parallelism));
        var outputs = new ITaskItem?[Sources.Length];
        var work = System.Threading.Tasks.Task.WhenAll(Sources.Select((item, i) => System.Threading.Tasks.Task.Run(async () =>
        {
            await slots.WaitAsync(Cancellation).ConfigureAwait(false);
            try
            {
                outputs[i] = await ResolveOneAsync(item, resolver, remote, projectDirectory, projectFile, log).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        })));
        log.PumpUntil(work);

        if (Cancelled)
            return ReportCancelled(ErrorCodes.Cancelled,
                "Fetching dataset sources was cancelled. Nothing incomplete was stored under a final name; partial downloads resume in the next build.");
        Resolved = outputs.OfType<ITaskItem>().ToArray();
        return !Log.HasLoggedErrors;
    }

    private async System.Threading.Tasks.Task<ITaskItem?> ResolveOneAsync(ITaskItem item, SourceResolver resolver, RemoteCacheSession? remote, string projectDirectory, string projectFile, MainThreadLog log)
    {
        try
        {
            var request = SourceItemReader.Read(item, projectDirectory, ManualDownloadDirectory);
            var pulled = remote is not null && await RemoteSources.TryPullAsync(remote, resolver.Cache, request, log, projectFile, Cancellation).ConfigureAwait(false);
            var result = await resolver.ResolveAsync(request, Cancellation).ConfigureAwait(false);
            if (remote is { Push: true } && !pulled)
                await RemoteSources.PushAsync(remote, request, result, log, projectFile, Cancellation).ConfigureAwait(false);
            var summary = SourceSummary.Describe(result);
            log.Post(l => l.LogMessage(MessageImportance.Normal, summary));
            return ToItem(item, result);
        }
        catch (DownloadFailedException failure)
        {
            log.Post(l => l.LogError(null, ErrorCodes.For(failure.Failure), null, projectFile, 0, 0, 0, 0, failure.Message));
        }
        catch (OperationCanceledException) when (Cancelled)
        {
            // Reported once, by Execute.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Disk full, permissions, a path the OS rejects: still one clear error per source, never a silent gap in the outputs.
            var message = $"Could not fetch source '{item.ItemSpec}': {e.GetType().Name}: {e.Message} Check free disk space and permissions of the download cache.";
            log.Post(l => l.LogError(null, ErrorCodes.Unexpected, null, projectFile, 0, 0, 0, 0, message));
        }
        return null;
    }

    private static TaskItem ToItem(ITaskItem source, SourceResolution result)
    {
        var item = new TaskItem(result.Path);
        source.CopyMetadataTo(item);
        item.SetMetadata("SourceName", source.ItemSpec);
        item.SetMetadata("Md5", result.Md5);
        item.SetMetadata("Size", result.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        item.SetMetadata("Origin", result.Location);
        return item;
    }
}
