namespace Datadings.Downloads;

/// <summary>
/// A source could not be made available. The message is a complete sentence meant for the user:
/// which source, from where, what was expected and what was found, and what to do.
/// </summary>
public sealed class DownloadFailedException : Exception
{
    public DownloadFailedException(DownloadFailure failure, string sourceName, string message, string? location = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        SourceName = sourceName;
        Location = location;
    }

    public DownloadFailure Failure { get; }

    public string SourceName { get; }

    /// <summary>The URL or path that failed last, if any.</summary>
    public string? Location { get; }

    /// <summary>The HTTP status of the answer that failed, if the failure was an HTTP answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Earlier failures of other mirrors, in the order they were tried.</summary>
    public IReadOnlyList<DownloadFailedException> MirrorFailures { get; init; } = [];
}
