namespace Datadings.Transforms;

/// <summary>What went wrong in a transform; the SDK reports each under its own DD5xxx code.</summary>
public enum TransformError
{
    /// <summary>The script does not parse: a statement or step written wrongly, an unknown step.</summary>
    InvalidScript,

    /// <summary>A step option has the wrong type or an impossible value (quality=high, resize 0x10, …).</summary>
    InvalidOption,

    /// <summary>A sample's image cannot be decoded: corrupt, truncated, or a format Skia does not read.</summary>
    UndecodableImage,

    /// <summary>A sample does not fit the script: a missing field, a value of the wrong type for the step, a crop outside the image.</summary>
    SampleDoesNotFit,

    /// <summary>A custom step cannot be loaded or threw.</summary>
    CustomStepFailed,

    /// <summary>The per-sample cache cannot be opened or written.</summary>
    CacheFailed,

    /// <summary>An image's header declares more pixels than decode's max_pixels.</summary>
    ImageTooLarge,
}

/// <summary>
/// A transform failure naming where it happened: the statement (field and step) and, for data errors, the sample.
/// The message stands on its own: "sample 'k', field 'image_224', step 'decode': …".
/// </summary>
public sealed class TransformException : Exception
{
    public TransformException(TransformError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    public TransformError Error { get; }
}
