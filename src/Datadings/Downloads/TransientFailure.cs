namespace Datadings.Downloads;

/// <summary>A failure worth retrying on the same URL: 5xx, 408/429, a timeout, a reset or dropped connection.</summary>
internal sealed class TransientFailure(DownloadFailure kind, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public DownloadFailure Kind { get; } = kind;
}
