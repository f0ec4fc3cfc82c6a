using System.Collections.Concurrent;
using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

/// <summary>Each engine test gets its own loopback server, its own cache folder and fast retry timings.</summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    protected LoopbackHttpServer Server { get; } = new();

    protected TempDirectory Temp { get; } = new("dd-engine");

    protected DownloadCache Cache => new(Temp.Combine("cache"));

    protected RecordingListener Listener { get; } = new();

    protected static DownloadOptions FastOptions { get; } = new()
    {
        Retries = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(2),
        ProgressInterval = TimeSpan.Zero,
    };

    protected SourceResolver NewResolver(DownloadOptions? options = null) => new(Cache, options ?? FastOptions, Listener);

    protected async Task<SourceResolution> ResolveAsync(SourceRequest source, DownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var resolver = NewResolver(options);
        return await resolver.ResolveAsync(source, cancellationToken);
    }

    protected async Task<DownloadFailedException> FailsAsync(SourceRequest source, DownloadOptions? options = null)
    {
        using var resolver = NewResolver(options);
        return await Assert.ThrowsAsync<DownloadFailedException>(() => resolver.ResolveAsync(source));
    }

    /// <summary>Serves random bytes at <paramref name="name"/> and returns the matching request.</summary>
    protected (SourceRequest Source, ServedFile File, byte[] Bytes) Served(string name, int length = 300_000, long? size = null)
    {
        var bytes = TestBytes.Random(length, name.GetHashCode(StringComparison.Ordinal));
        var file = Server.Serve(name, bytes);
        return (new SourceRequest(name, TestBytes.Md5(bytes), [Server.Url(name)], size), file, bytes);
    }

    /// <summary>Nothing may ever sit in the cache under a final name unless it is the expected bytes.</summary>
    protected void AssertNoFinalFile(SourceRequest source) =>
        Assert.Null(Cache.FindEntry(source.Md5));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}

/// <summary>Keeps every listener call so tests can assert retries, mirror fallbacks and progress.</summary>
public sealed class RecordingListener : IDownloadListener
{
    public ConcurrentQueue<TransferProgress> ProgressReports { get; } = new();
    public ConcurrentQueue<string> Retries { get; } = new();
    public ConcurrentQueue<TimeSpan> RetryDelays { get; } = new();
    public ConcurrentQueue<long> RestartedResumes { get; } = new();
    public ConcurrentQueue<DownloadFailedException> MirrorFailures { get; } = new();
    public ConcurrentQueue<string> Waits { get; } = new();
    public ConcurrentQueue<string> CorruptEntries { get; } = new();

    public void Progress(TransferProgress progress) => ProgressReports.Enqueue(progress);

    public void Retrying(string sourceName, string location, int attempt, int maxAttempts, TimeSpan delay, string reason)
    {
        Retries.Enqueue(reason);
        RetryDelays.Enqueue(delay);
    }

    public void RestartingResumedDownload(string sourceName, string location, long resumedAt, string reason) => RestartedResumes.Enqueue(resumedAt);

    public void MirrorFailed(string sourceName, DownloadFailedException failure, string nextLocation) => MirrorFailures.Enqueue(failure);

    public void WaitingForOtherBuild(string sourceName, string lockPath) => Waits.Enqueue(sourceName);

    public void DiscardedCorruptCacheEntry(string sourceName, string path, string actualMd5) => CorruptEntries.Enqueue(path);
}
