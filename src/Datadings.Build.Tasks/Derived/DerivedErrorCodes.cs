using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// The DD3xxx codes of derived datasets. Part of the SDK's public surface: never renumber, only add.
/// </summary>
internal static class DerivedErrorCodes
{
    /// <summary>The item itself is malformed: name, missing or unparseable metadata, a dataset name used twice.</summary>
    public const string InvalidItem = "DD3001";

    /// <summary>An input names no conversion and no derived dataset of the project.</summary>
    public const string UnknownInput = "DD3002";

    /// <summary>Items depend on each other in a circle.</summary>
    public const string Cycle = "DD3003";

    /// <summary>
    /// The operation rejected its options for this input: fractions that do not sum to 1, split positions out of
    /// range, view rows out of range, an unknown view key, a sharded or view-file input.
    /// </summary>
    public const string OptionsDoNotFitInput = "DD3004";

    /// <summary>The data does not fit the item: a sample lacks the stratify/content field, a malformed assignment or indices file.</summary>
    public const string InputDataDoesNotFit = "DD3005";

    /// <summary>The label map is missing, is not JSON, or breaks the schema.</summary>
    public const string InvalidLabelMap = "DD3006";

    /// <summary>A sample's label is not in the label map (or the sample has no label).</summary>
    public const string UnknownLabel = "DD3007";

    /// <summary>Two merged inputs hold the same key.</summary>
    public const string DuplicateKey = "DD3008";

    /// <summary>A file the item names (indices, keys) does not exist.</summary>
    public const string FileMissing = "DD3009";

    /// <summary>Warning: the build was cancelled while a derived dataset was being written.</summary>
    public const string Cancelled = "DD3010";

    /// <summary>The output folder's disk is full; the message names the file and the bytes needed.</summary>
    public const string DiskFull = "DD3011";

    /// <summary>Warning: an item was skipped because a dataset it reads (a conversion or another derived item) failed.</summary>
    public const string SkippedInputFailed = "DD3012";

    /// <summary>Anything unexpected (permissions, I/O errors).</summary>
    public const string Unexpected = "DD3099";

    /// <summary>Warning: a merge's inputs record different class names or colours, so the result records none.</summary>
    public const string ClassMismatch = "DD8005";

    /// <summary>The code of a failure the core raised while running an operation.</summary>
    public static string For(Exception e) => e switch
    {
        DerivedDatasetException derived => derived.Code,
        Writing.DiskFullException => DiskFull,
        UnknownLabelException => UnknownLabel,
        DuplicateKeyException => DuplicateKey,
        FileNotFoundException => FileMissing,
        InvalidDataException or DatadingsFormatException => InputDataDoesNotFit,
        ArgumentException => OptionsDoNotFitInput,
        _ => Unexpected,
    };
}

/// <summary>A failure of one derived dataset item, with the code it is reported under.</summary>
internal sealed class DerivedDatasetException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
