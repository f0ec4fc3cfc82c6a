namespace Datadings.Conversions;

/// <summary>What kind of thing a successful conversion warns about; hosts map these to their own codes (the SDK to DD2xxx).</summary>
public enum ConversionWarningKind
{
    /// <summary>An archive source holds no file at all, so the dataset has no samples from it.</summary>
    EmptyArchive,

    /// <summary>A table value does not fit its column's type (an integer beyond 64 bits, <c>1e400</c>, a header of numbers).</summary>
    ValueDoesNotFit,
}

/// <summary>A warning raised by a converter: its kind and a sentence that names the source.</summary>
public sealed record ConversionWarning(ConversionWarningKind Kind, string Message);
