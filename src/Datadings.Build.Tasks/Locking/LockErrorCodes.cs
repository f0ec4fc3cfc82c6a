using Datadings.Locking;

namespace Datadings.Build.Tasks.Locking;

/// <summary>
/// The DD6xxx codes of reproducible builds and deployment: the lock file (datasets.lock.json), locked mode, and what
/// reaches referencing projects. Public surface: never renumber, only add.
/// </summary>
internal static class LockErrorCodes
{
    public const string Malformed = "DD6001";
    public const string NewerSchema = "DD6002";
    public const string Inconsistent = "DD6003";

    /// <summary>Locked mode with <c>DatadingsUseLockFile=true</c> but no lock file yet.</summary>
    public const string Missing = "DD6004";

    public const string SourceChanged = "DD6010";
    public const string SourceAdded = "DD6011";
    public const string SourceRemoved = "DD6012";
    public const string DatasetAdded = "DD6020";
    public const string DatasetRemoved = "DD6021";
    public const string RecipeChanged = "DD6022";
    public const string SamplesChanged = "DD6023";
    public const string FileChanged = "DD6024";

    /// <summary>CopyToReferencingProjects metadata that is neither true nor false.</summary>
    public const string InvalidCopySetting = "DD6030";

    /// <summary>The lock could not be read or written (permissions, disk full).</summary>
    public const string Unexpected = "DD6099";

    public static string For(LockProblem problem) => problem switch
    {
        LockProblem.NewerSchema => NewerSchema,
        LockProblem.Inconsistent => Inconsistent,
        _ => Malformed,
    };

    public static string For(LockDifferenceKind kind) => kind switch
    {
        LockDifferenceKind.SourceChanged => SourceChanged,
        LockDifferenceKind.SourceAdded => SourceAdded,
        LockDifferenceKind.SourceRemoved => SourceRemoved,
        LockDifferenceKind.DatasetAdded => DatasetAdded,
        LockDifferenceKind.DatasetRemoved => DatasetRemoved,
        LockDifferenceKind.RecipeChanged => RecipeChanged,
        LockDifferenceKind.SamplesChanged => SamplesChanged,
        _ => FileChanged,
    };
}
