namespace Datadings.Downloads;

/// <summary>A failure worth retrying on the same URL: 5xx, 408/429, a timeout, a reset or dropped connection.</summary>
/// <param name="retryAfter">The wait the server asked for with Retry-After (already checked against the cap).</param>
internal sealed class TransientFailure(DownloadFailure kind, string reason, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(reason, inner)
{
    public DownloadFailure Kind { get; } = kind;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
