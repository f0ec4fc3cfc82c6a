namespace Datadings.Downloads;

/// <summary>Knobs of the download engine. Defaults suit real networks; tests shrink the delays.</summary>
public sealed record DownloadOptions
{
    /// <summary>Extra attempts per URL after the first one fails transiently (5xx, timeout, dropped connection).</summary>
    public int Retries { get; init; } = 3;

    /// <summary>
    /// Per-attempt idle timeout: an attempt fails when the server sends no headers or no bytes for this long.
    /// Idle rather than total, so a 100 GB file on a slow but steady link never times out.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Delay before the first retry; doubles for every further retry (capped by <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait a server may ask for with <c>Retry-After</c> (on 429, 503 and other transient answers); such a wait
    /// replaces the backoff delay. A longer request fails the location at once, saying how long the server asked for.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Redirects followed per request before giving up (browsers and curl use 20 and 50).</summary>
    public int MaxRedirects { get; init; } = 20;

    /// <summary>Minimum time between two progress reports of one transfer.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Sent with every request so server logs show who is fetching.</summary>
    public string UserAgent { get; init; } = "Datadings.Build (+https://github.com/datadings)";
}
