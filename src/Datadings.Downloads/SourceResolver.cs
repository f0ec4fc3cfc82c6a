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
            // HttpTransfer follows redirects itself: http(s) only, loops named as loops.
            AllowAutoRedirect = false,
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
        // A manual source with a Url: a file already put in the drop place wins over a download that needs a login.
        if (source.ManualDownload is not null && File.Exists(ManualDropPath(source)))
            return VerifyLocal(source, ManualDropPath(source), clock, cancellationToken);

        var failures = new List<DownloadFailedException>();
        for (var i = 0; i < source.Locations.Count; i++)
        {
            var location = source.Locations[i];
            try
            {
                try
                {
                    return LocalLocation.TryGetPath(location, source.Name) is { } localPath
                        ? VerifyLocal(source, localPath, clock, cancellationToken)
                        : await DownloadAsync(source, ParseUrl(source, location), clock, cancellationToken).ConfigureAwait(false);
                }
                catch (DownloadFailedException failure) when (source.ManualDownload is not null && NeedsALogin(failure))
                {
                    throw ManualDownloadNeeded(source, $"{location} did not serve the file ({failure.Message})", failure);
                }
            }
            // A full disk or a local I/O error is no fault of this location: other mirrors would fail the same way.
            catch (DownloadFailedException failure) when (i + 1 < source.Locations.Count && !IsLocal(failure))
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

    private static Uri ParseUrl(SourceRequest source, string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var url) && !string.IsNullOrEmpty(url.Host)
            ? url
            : throw new DownloadFailedException(DownloadFailure.InvalidSource, source.Name,
                $"Source '{source.Name}' has location '{location}', which is not a valid http(s) URL. Fix the Url or Mirrors metadata.", location);

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
            RecordStamp(source, path);
            return Resolved(source, path, SourceOutcome.Verified, path, 0, new FileInfo(path).Length, clock);
        }
        // Damaged or tampered with: it must not be served under this MD5 any longer.
        _listener.DiscardedCorruptCacheEntry(source.Name, path, actual);
        Cache.Stamps.Forget(path);
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, source.Name, path, "deleting the damaged cached copy");
        }
        return null;
    }

    private string ManualDropPath(SourceRequest source) => source.ManualDropPath ?? Cache.FinalPath(source.NormalizedMd5, source.Name);

    private SourceResolution ResolveManual(SourceRequest source, Stopwatch clock, CancellationToken cancellationToken)
    {
        var dropPath = ManualDropPath(source);
        if (File.Exists(dropPath))
            return VerifyLocal(source, dropPath, clock, cancellationToken);
        throw ManualDownloadNeeded(source, null, null);
    }

    /// <summary>The manual-download instructions: how to get the file, the exact path to put it at, its MD5 and size.</summary>
    private DownloadFailedException ManualDownloadNeeded(SourceRequest source, string? why, Exception? inner)
    {
        var dropPath = ManualDropPath(source);
        var how = string.IsNullOrWhiteSpace(source.ManualDownload) ? "" : " " + source.ManualDownload.Trim().TrimEnd('.') + ".";
        var size = source.Size is { } s ? $", {ByteSizes.Exact(s)}" : "";
        var because = why is null ? "" : $" ({why})";
        return new DownloadFailedException(DownloadFailure.ManualDownloadRequired, source.Name,
            $"Source '{source.Name}' must be downloaded by hand{because}.{how} Put the file at '{dropPath}' (MD5 {source.NormalizedMd5}{size}) and build again.",
            dropPath, inner);
    }

    /// <summary>What a site that wants a login or licence acceptance answers: a web page, 401 or 403.</summary>
    private static bool NeedsALogin(DownloadFailedException failure) =>
        failure.Failure is DownloadFailure.HtmlInsteadOfData or DownloadFailure.RedirectLoop
        || failure.HttpStatus is 401 or 403;

    private static bool IsLocal(DownloadFailedException failure) => failure.Failure is DownloadFailure.LocalDiskFull or DownloadFailure.LocalIoError;

    private void RecordStamp(SourceRequest source, string path)
    {
        try
        {
            Cache.Stamps.Record(path, source.NormalizedMd5);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, source.Name, Cache.Stamps.Directory, "recording the verified file's stamp in");
        }
    }

    /// <summary>Local files are used where they are (no copy of a 100 GB file), verified once and stamped.</summary>
    private SourceResolution VerifyLocal(SourceRequest source, string path, Stopwatch clock, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            // A hand-downloaded file expected at a local path (a recipe's ManualDir): the instructions say how to get it.
            if (!string.IsNullOrWhiteSpace(source.ManualDownload))
                throw new DownloadFailedException(DownloadFailure.ManualDownloadRequired, source.Name,
                    $"Source '{source.Name}' must be downloaded by hand. {source.ManualDownload.Trim().TrimEnd('.')}. Put the file at '{file.FullName}' (MD5 {md5}"
                    + (source.Size is { } size ? $", {ByteSizes.Exact(size)}" : "") + ") and build again.", file.FullName);
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
            var html = LooksLikeHtmlFile(source, file.FullName) ? " The file is an HTML page, not the data: it was probably saved from a login or error page." : "";
            var how = source.ManualDownload is { } manual && manual.Trim().Length > 0 ? " To get the right file: " + manual.Trim().TrimEnd('.') + "." : "";
            throw new DownloadFailedException(DownloadFailure.ChecksumMismatch, source.Name,
                $"Source '{source.Name}' at '{file.FullName}' has MD5 {actual} ({ByteSizes.Exact(file.Length)}), but the project expects MD5 {md5}"
                + (source.Size is { } s ? $" ({ByteSizes.Exact(s)})" : "") + "." + html + how
                + " Replace the file with the right one, or fix the Md5 metadata if the published checksum changed.", file.FullName);
        }
        RecordStamp(source, file.FullName);
        return Resolved(source, file.FullName, SourceOutcome.Verified, file.FullName, 0, file.Length, clock);
    }

    private async Task<SourceResolution> DownloadAsync(SourceRequest source, Uri url, Stopwatch clock, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        using var entryLock = await AcquireLockAsync(source, cancellationToken).ConfigureAwait(false);

        // Whoever held the lock before us may have finished the job.
        if (Cache.FindEntry(md5) is { } finished && Cache.Stamps.IsVerified(finished, md5))
            return Resolved(source, finished, SourceOutcome.DownloadedByOtherBuild, finished, 0, 0, clock);

        var partialPath = Cache.PartialPath(md5);
        var verifiedPath = partialPath;
        using (var partial = PartialDownload.Open(partialPath, source.Name, cancellationToken))
        {
            try
            {
                var transfer = new HttpTransfer(_client, _options, _listener);
                string? failedResume = null;
                while (true)
                {
                    try
                    {
                        await transfer.TransferAsync(source, url, partial, cancellationToken).ConfigureAwait(false);
                        verifiedPath = CheckComplete(source, url, partial, failedResume, cancellationToken);
                        break;
                    }
                    catch (DownloadFailedException failure) when (failure.Failure is DownloadFailure.ChecksumMismatch or DownloadFailure.SizeMismatch
                        && partial.ResumedAt is { } resumedAt && failedResume is null)
                    {
                        // The prefix we resumed after may be what is wrong (a damaged .partial, bytes a proxy injected
                        // before a drop): the publisher gets one clean download from zero before being blamed.
                        failedResume = $"the first attempt resumed an interrupted download at byte {resumedAt.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} and failed: {failure.Message}";
                        _listener.RestartingResumedDownload(source.Name, url.ToString(), resumedAt, failure.Message);
                        partial.Reset();
                    }
                }
            }
            catch (DownloadFailedException failure) when (IsLocal(failure))
            {
                // After a failed write the file's tail is unknown, and on a full disk it holds the space needed.
                partial.Discard();
                throw;
            }
            catch (DownloadFailedException failure) when (failure.Failure is not (DownloadFailure.NetworkError or DownloadFailure.HttpError or DownloadFailure.RetryAfterTooLong))
            {
                // Wrong bytes are never kept (nor an empty .partial beside the entry's lock); giving up on a flaky
                // network keeps the prefix so the next build resumes.
                partial.Discard();
                throw;
            }
        }

        var finalPath = Cache.FinalPath(md5, source.Name);
        try
        {
            File.Move(verifiedPath, finalPath, overwrite: true);
            if (verifiedPath != partialPath)
                File.Delete(partialPath);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            TryDelete(verifiedPath);
            throw LocalIo.Failure(e, source.Name, finalPath, "moving the verified download into the cache as");
        }
        RecordStamp(source, finalPath);
        var size = new FileInfo(finalPath).Length;
        return Resolved(source, finalPath, SourceOutcome.Downloaded, url.ToString(), size, 0, clock);
    }

    private async Task<CacheEntryLock> AcquireLockAsync(SourceRequest source, CancellationToken cancellationToken)
    {
        var lockPath = Cache.LockPath(source.NormalizedMd5);
        try
        {
            return await CacheEntryLock.AcquireAsync(lockPath, () => _listener.WaitingForOtherBuild(source.Name, lockPath), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, source.Name, lockPath, "creating the cache entry and its lock file");
        }
    }

    /// <summary>Size and MD5 of the finished partial; returns the path of the verified bytes (see <see cref="ContentEncodings"/>).</summary>
    private static string CheckComplete(SourceRequest source, Uri url, PartialDownload partial, string? failedResume, CancellationToken cancellationToken)
    {
        var md5 = source.NormalizedMd5;
        var earlier = failedResume is null ? "" : $" This was a fresh download from byte zero; {failedResume}";
        // An encoded body's size is the decoded one's business (ContentEncodings); the final Size check is in Resolved.
        if (source.Size is { } expectedSize && partial.Length != expectedSize && partial.ContentEncoding is null)
        {
            throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                $"Source '{source.Name}' from {url} is {ByteSizes.Exact(partial.Length)}, but the project expects {ByteSizes.Exact(expectedSize)} (MD5 {md5}). "
                + "The file on the server has probably changed: check the Url, Size and Md5 metadata." + earlier, url.ToString());
        }
        var actual = partial.CurrentMd5();
        if (actual == md5)
            return partial.Path;
        var encoding = ContentEncodings.Explain(source, partial, cancellationToken);
        if (encoding.DecodedPath is { } decoded)
            return decoded;
        var html = HtmlDetection.LooksLikeHtml(partial.Head(512)) ? " The server sent an HTML page, not the data." : "";
        var resumed = partial.ResumedAt is { } at && failedResume is null
            ? $" The download had been resumed at byte {at.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (Range request): the bytes before that came from an earlier, interrupted attempt."
            : "";
        throw new DownloadFailedException(DownloadFailure.ChecksumMismatch, source.Name,
            $"Source '{source.Name}' downloaded from {url} has MD5 {actual} ({ByteSizes.Exact(partial.Length)}), but the project expects MD5 {md5}"
            + (source.Size is { } s ? $" ({ByteSizes.Exact(s)})" : "") + "." + html + encoding.Explanation + resumed
            + " The download was discarded. If the publisher changed the file on purpose, update the Md5 metadata; otherwise try a mirror." + earlier,
            url.ToString());
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            // Best effort: the failure being reported matters more.
        }
    }

    private string HashWithProgress(SourceRequest source, string path, CancellationToken cancellationToken)
    {
        var total = new FileInfo(path).Length;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        try
        {
            return Md5Hex.HashFile(path, done =>
            {
                if (clock.Elapsed - lastReport < _options.ProgressInterval)
                    return;
                lastReport = clock.Elapsed;
                _listener.Progress(new TransferProgress(source.Name, TransferPhase.Verifying, path, done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
            }, cancellationToken);
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, source.Name, path, "reading");
        }
    }

    private static bool LooksLikeHtmlFile(SourceRequest source, string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[512];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return HtmlDetection.LooksLikeHtml(head.AsSpan(0, read));
        }
        catch (Exception e) when (LocalIo.IsLocalFailure(e))
        {
            throw LocalIo.Failure(e, source.Name, path, "reading");
        }
    }

    /// <summary>
    /// Every way a source becomes trusted ends here, so the declared Size is checked wherever the MD5 is trusted:
    /// a stamped cache hit, a local file, another build's download. A file with the declared MD5 but another size
    /// means the Size metadata is wrong, and a fresh machine (which checks it while downloading) would fail.
    /// </summary>
    private static SourceResolution Resolved(SourceRequest source, string path, SourceOutcome outcome, string location, long transferred, long hashed, Stopwatch clock)
    {
        var size = new FileInfo(path).Length;
        if (source.Size is { } expected && size != expected)
        {
            throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                $"Source '{source.Name}' at '{path}' has the expected MD5 {source.NormalizedMd5} but is {ByteSizes.Exact(size)}, while the project's Size metadata says {ByteSizes.Exact(expected)}. "
                + "The Size metadata is wrong (a machine without this file would fail the download with it): fix or remove Size.", path);
        }
        return new(source.Name, path, source.NormalizedMd5, size, outcome, location, transferred, hashed, clock.Elapsed);
    }

    public void Dispose() => _client.Dispose();
}
