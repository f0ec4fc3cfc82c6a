using System.Diagnostics;
using System.Net;

namespace Datadings.Downloads;

/// <summary>
/// Makes sources available on disk, verified, exactly once: the entry point of the download engine.
/// Order per source: the cache (trusting stamps) → a manual drop file → each location in turn
/// (local files are verified in place, URLs are downloaded into the cache under a per-MD5 lock).
/// </summary>
public sealed class SourceResolver : IDisposable
{
    private readonly DownloadOptions _options;
    private readonly IDownloadListener _listener;
    private readonly HttpClient _client;

    public SourceResolver(DownloadCache cache, DownloadOptions? options = null, IDownloadListener? listener = null)
    {
        Cache = cache;
        _options = options ?? new DownloadOptions();
        _listener = listener ?? NullDownloadListener.Instance;
        _client = new HttpClient(new SocketsHttpHandler
        {
            // Never decompress: the MD5 is of the bytes as published (a .gz served with Content-Encoding: gzip stays .gz).
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // HttpTransfer applies an idle timeout per attempt instead.
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    public DownloadCache Cache { get; }

    public async Task<SourceResolution> ResolveAsync(SourceRequest source, CancellationToken cancellationToken = default)
    {
        if (!Md5Hex.IsValid(source.Md5))
        {
            throw new DownloadFailedException(DownloadFailure.InvalidSource, source.Name,
                $"Source '{source.Name}' has Md5 '{source.Md5}', which is not an MD5 (32 hex digits). Set the Md5 metadata to the published checksum.");
        }
        var clock = Stopwatch.StartNew();

        if (TryCached(source, clock, cancellationToken) is { } cached)
            return cached;

        if (source.Locations.Count == 0)
            return ResolveManual(source, clock, cancellationToken);

        var failures = new List<DownloadFailedException>();
        for (var i = 0; i < source.Locations.Count; i++)
        {
            var location = source.Locations[i];
            try
            {
                return LocalLocation.TryGetPath(location, source.Name) is { } localPath
                    ? VerifyLocal(source, localPath, clock, cancellationToken)
                    : await DownloadAsync(source, new Uri(location), clock, cancellationToken).ConfigureAwait(false);
            }
            catch (DownloadFailedException failure) when (i + 1 < source.Locations.Count)
            {
                failures.Add(failure);
                _listener.MirrorFailed(source.Name, failure, source.Locations[i + 1]);
            }
            catch (DownloadFailedException failure) when (failures.Count > 0)
            {
                throw new DownloadFailedException(failure.Failure, source.Name,
                    failure.Message + $" All {source.Locations.Count} locations failed; the others: "
                    + string.Join(" ", failures.Select(f => "[" + f.Message + "]")), failure.Location, failure)
                {
                    MirrorFailures = failures,
                };
            }
        }
        throw new UnreachableException();
    }

    /// <summary>A cache hit: stamped files cost two stats; unstamped ones (e.g. put there by hand) are hashed once.</summary>
    private SourceResolution? TryCached(SourceRequest source, Stopwatch clock, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        if (Cache.FindEntry(md5) is not { } path)
            return null;
        if (Cache.Stamps.IsVerified(path, md5))
            return Resolved(source, path, SourceOutcome.AlreadyVerified, path, 0, 0, clock);

        var actual = HashWithProgress(source, path, cancellationToken);
        if (actual == md5)
        {
            Cache.Stamps.Record(path, md5);
            return Resolved(source, path, SourceOutcome.Verified, path, 0, new FileInfo(path).Length, clock);
        }
        // Damaged or tampered with: it must not be served under this MD5 any longer.
        _listener.DiscardedCorruptCacheEntry(source.Name, path, actual);
        Cache.Stamps.Forget(path);
        File.Delete(path);
        return null;
    }

    private SourceResolution ResolveManual(SourceRequest source, Stopwatch clock, CancellationToken cancellationToken)
    {
        var dropPath = source.ManualDropPath ?? Cache.FinalPath(source.NormalizedMd5, source.Name);
        if (File.Exists(dropPath))
            return VerifyLocal(source, dropPath, clock, cancellationToken);

        var how = string.IsNullOrWhiteSpace(source.ManualDownload) ? "" : " " + source.ManualDownload.Trim().TrimEnd('.') + ".";
        var size = source.Size is { } s ? $", {ByteSizes.Exact(s)}" : "";
        throw new DownloadFailedException(DownloadFailure.ManualDownloadRequired, source.Name,
            $"Source '{source.Name}' must be downloaded by hand.{how} Put the file at '{dropPath}' (MD5 {source.NormalizedMd5}{size}) and build again.",
            dropPath);
    }

    /// <summary>Local files are used where they are (no copy of a 100 GB file), verified once and stamped.</summary>
    private SourceResolution VerifyLocal(SourceRequest source, string path, Stopwatch clock, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new DownloadFailedException(DownloadFailure.LocalFileMissing, source.Name,
                $"Source '{source.Name}' should be at '{file.FullName}', but there is no such file. Fix the path, or put the file there (MD5 {md5}).",
                file.FullName);
        }
        if (Cache.Stamps.IsVerified(file.FullName, md5))
            return Resolved(source, file.FullName, SourceOutcome.AlreadyVerified, file.FullName, 0, 0, clock);

        if (source.Size is { } expectedSize && file.Length != expectedSize)
        {
            throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                $"Source '{source.Name}' at '{file.FullName}' is {ByteSizes.Exact(file.Length)}, but the project expects {ByteSizes.Exact(expectedSize)} (MD5 {md5}). "
                + "Replace the file with the right one, or fix the Size and Md5 metadata.", file.FullName);
        }
        var actual = HashWithProgress(source, file.FullName, cancellationToken);
        if (actual != md5)
        {
            var html = LooksLikeHtmlFile(file.FullName) ? " The file is an HTML page, not the data: it was probably saved from a login or error page." : "";
            throw new DownloadFailedException(DownloadFailure.ChecksumMismatch, source.Name,
                $"Source '{source.Name}' at '{file.FullName}' has MD5 {actual} ({ByteSizes.Exact(file.Length)}), but the project expects MD5 {md5}"
                + (source.Size is { } s ? $" ({ByteSizes.Exact(s)})" : "") + "." + html
                + " Replace the file with the right one, or fix the Md5 metadata if the published checksum changed.", file.FullName);
        }
        Cache.Stamps.Record(file.FullName, md5);
        return Resolved(source, file.FullName, SourceOutcome.Verified, file.FullName, 0, file.Length, clock);
    }

    private async Task<SourceResolution> DownloadAsync(SourceRequest source, Uri url, Stopwatch clock, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        using var entryLock = await CacheEntryLock.AcquireAsync(Cache.LockPath(md5),
            () => _listener.WaitingForOtherBuild(source.Name, Cache.LockPath(md5)), cancellationToken).ConfigureAwait(false);

        // Whoever held the lock before us may have finished the job.
        if (Cache.FindEntry(md5) is { } finished && Cache.Stamps.IsVerified(finished, md5))
            return Resolved(source, finished, SourceOutcome.DownloadedByOtherBuild, finished, 0, 0, clock);

        var partialPath = Cache.PartialPath(md5);
        using (var partial = PartialDownload.Open(partialPath, cancellationToken))
        {
            try
            {
                await new HttpTransfer(_client, _options, _listener).TransferAsync(source, url, partial, cancellationToken).ConfigureAwait(false);
                CheckComplete(source, url, partial);
            }
            catch (DownloadFailedException failure) when (failure.Failure is not (DownloadFailure.NetworkError or DownloadFailure.HttpError))
            {
                // Wrong bytes are never kept; giving up on a flaky network keeps the prefix so the next build resumes.
                partial.Reset();
                throw;
            }
        }

        var finalPath = Cache.FinalPath(md5, source.Name);
        File.Move(partialPath, finalPath, overwrite: true);
        Cache.Stamps.Record(finalPath, md5);
        var size = new FileInfo(finalPath).Length;
        return Resolved(source, finalPath, SourceOutcome.Downloaded, url.ToString(), size, 0, clock);
    }

    private static void CheckComplete(SourceRequest source, Uri url, PartialDownload partial)
    {
        var md5 = source.NormalizedMd5;
        if (source.Size is { } expectedSize && partial.Length != expectedSize)
        {
            throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                $"Source '{source.Name}' from {url} is {ByteSizes.Exact(partial.Length)}, but the project expects {ByteSizes.Exact(expectedSize)} (MD5 {md5}). "
                + "The file on the server has probably changed: check the Url, Size and Md5 metadata.", url.ToString());
        }
        var actual = partial.CurrentMd5();
        if (actual == md5)
            return;
        var html = HtmlDetection.LooksLikeHtml(partial.Head(512)) ? " The server sent an HTML page, not the data." : "";
        throw new DownloadFailedException(DownloadFailure.ChecksumMismatch, source.Name,
            $"Source '{source.Name}' downloaded from {url} has MD5 {actual} ({ByteSizes.Exact(partial.Length)}), but the project expects MD5 {md5}"
            + (source.Size is { } s ? $" ({ByteSizes.Exact(s)})" : "") + "." + html
            + " The download was discarded. If the publisher changed the file on purpose, update the Md5 metadata; otherwise try a mirror.",
            url.ToString());
    }

    private string HashWithProgress(SourceRequest source, string path, CancellationToken cancellationToken)
    {
        var total = new FileInfo(path).Length;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        return Md5Hex.HashFile(path, done =>
        {
            if (clock.Elapsed - lastReport < _options.ProgressInterval)
                return;
            lastReport = clock.Elapsed;
            _listener.Progress(new TransferProgress(source.Name, TransferPhase.Verifying, path, done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
        }, cancellationToken);
    }

    private static bool LooksLikeHtmlFile(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[512];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return HtmlDetection.LooksLikeHtml(head.AsSpan(0, read));
    }

    private static SourceResolution Resolved(SourceRequest source, string path, SourceOutcome outcome, string location, long transferred, long hashed, Stopwatch clock) =>
        new(source.Name, path, source.NormalizedMd5, new FileInfo(path).Length, outcome, location, transferred, hashed, clock.Elapsed);

    public void Dispose() => _client.Dispose();
}
