namespace Datadings.Downloads;

/// <summary>Why a source could not be made available. Each kind maps to one DD1xxx code in the build tasks.</summary>
public enum DownloadFailure
{
    /// <summary>The bytes were fetched but their MD5 is not the expected one.</summary>
    ChecksumMismatch,
    /// <summary>The announced or received size differs from the expected size.</summary>
    SizeMismatch,
    /// <summary>The server answered with a web page (login, error, consent) instead of the file.</summary>
    HtmlInsteadOfData,
    /// <summary>The server says the file does not exist (404/410).</summary>
    NotFound,
    /// <summary>The server answered with another HTTP error, or kept failing with 5xx after all retries.</summary>
    HttpError,
    /// <summary>Connections kept failing, dropping or timing out after all retries.</summary>
    NetworkError,
    /// <summary>The source can only be fetched by hand and is not where it must be put.</summary>
    ManualDownloadRequired,
    /// <summary>A local path or file:// URL names a file that does not exist.</summary>
    LocalFileMissing,
    /// <summary>The request itself is unusable (bad MD5, unsupported URL scheme, no location).</summary>
    InvalidSource,
    /// <summary>The disk holding the cache (or a local source) is full: a local problem, never retried.</summary>
    LocalDiskFull,
    /// <summary>Reading or writing a local file failed (EIO, permissions, a path the OS rejects): never retried.</summary>
    LocalIoError,
    /// <summary>The server asked (Retry-After) to wait longer than the configured cap.</summary>
    RetryAfterTooLong,
    /// <summary>A redirect pointed to a scheme other than http(s) (file://, ftp://, …) and was refused.</summary>
    RedirectRefused,
    /// <summary>Redirects went round in a loop, or there were too many of them.</summary>
    RedirectLoop,
}
