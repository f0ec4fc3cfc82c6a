using Datadings.Downloads;

namespace Datadings.Build.Tasks;

/// <summary>
/// The DD1xxx codes of the source-fetching area. Codes are part of the SDK's public surface
/// (users search for them, suppress warnings by them): never renumber, only add.
/// </summary>
internal static class ErrorCodes
{
    public const string ChecksumMismatch = "DD1001";
    public const string SizeMismatch = "DD1002";
    public const string HtmlInsteadOfData = "DD1003";
    public const string NotFound = "DD1004";
    public const string HttpError = "DD1005";
    public const string NetworkError = "DD1006";
    public const string ManualDownloadRequired = "DD1007";
    public const string LocalFileMissing = "DD1008";
    public const string InvalidSource = "DD1009";

    /// <summary>Warning: the build was cancelled while a source was being fetched.</summary>
    public const string Cancelled = "DD1010";

    /// <summary>Warning: a location failed and the next mirror was used.</summary>
    public const string MirrorFailed = "DD1011";

    /// <summary>Warning: a cached file no longer matched its MD5 and was fetched again.</summary>
    public const string CorruptCacheEntry = "DD1012";

    public const string LocalDiskFull = "DD1013";
    public const string LocalIoError = "DD1014";

    /// <summary>Warning: a resumed download failed verification and was restarted from byte zero.</summary>
    public const string ResumedDownloadRestarted = "DD1015";

    public const string RetryAfterTooLong = "DD1016";
    public const string RedirectRefused = "DD1017";
    public const string RedirectLoop = "DD1018";

    /// <summary>Anything the engine did not expect (disk full and local I/O errors have DD1013/DD1014): reported with the exception message.</summary>
    public const string Unexpected = "DD1099";

    public static string For(DownloadFailure failure) => failure switch
    {
        DownloadFailure.ChecksumMismatch => ChecksumMismatch,
        DownloadFailure.SizeMismatch => SizeMismatch,
        DownloadFailure.HtmlInsteadOfData => HtmlInsteadOfData,
        DownloadFailure.NotFound => NotFound,
        DownloadFailure.HttpError => HttpError,
        DownloadFailure.NetworkError => NetworkError,
        DownloadFailure.ManualDownloadRequired => ManualDownloadRequired,
        DownloadFailure.LocalFileMissing => LocalFileMissing,
        DownloadFailure.InvalidSource => InvalidSource,
        DownloadFailure.LocalDiskFull => LocalDiskFull,
        DownloadFailure.LocalIoError => LocalIoError,
        DownloadFailure.RetryAfterTooLong => RetryAfterTooLong,
        DownloadFailure.RedirectRefused => RedirectRefused,
        DownloadFailure.RedirectLoop => RedirectLoop,
        _ => Unexpected,
    };
}
