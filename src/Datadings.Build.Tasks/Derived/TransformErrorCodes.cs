using Datadings.Transforms;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// The DD5xxx codes of dataset transforms. Part of the SDK's public surface: never renumber, only add.
/// </summary>
internal static class TransformErrorCodes
{
    /// <summary>The Steps script does not parse: a malformed statement, an unknown step, a chain of steps that do not fit.</summary>
    public const string InvalidScript = "DD5001";

    /// <summary>A step option has the wrong type or an impossible value.</summary>
    public const string InvalidOption = "DD5002";

    /// <summary>A sample's image cannot be decoded: corrupt, truncated, or an unsupported format.</summary>
    public const string UndecodableImage = "DD5003";

    /// <summary>A sample does not fit the script: a missing field, a value of the wrong type, a crop outside the image.</summary>
    public const string SampleDoesNotFit = "DD5004";

    /// <summary>A custom step cannot be loaded or failed.</summary>
    public const string CustomStepFailed = "DD5005";

    /// <summary>The per-sample cache cannot be opened, read or written; or the cache settings are invalid.</summary>
    public const string CacheFailed = "DD5006";

    /// <summary>An image's header declares more pixels than decode's max_pixels (default: Pillow's decompression-bomb bound).</summary>
    public const string ImageTooLarge = "DD5007";

    public static string For(TransformError error) => error switch
    {
        TransformError.InvalidScript => InvalidScript,
        TransformError.InvalidOption => InvalidOption,
        TransformError.UndecodableImage => UndecodableImage,
        TransformError.SampleDoesNotFit => SampleDoesNotFit,
        TransformError.CustomStepFailed => CustomStepFailed,
        TransformError.CacheFailed => CacheFailed,
        TransformError.ImageTooLarge => ImageTooLarge,
        _ => DerivedErrorCodes.Unexpected,
    };
}
