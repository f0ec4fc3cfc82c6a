namespace Datadings.Build.Tasks;

/// <summary>The DD4xxx codes: consuming a .dsproj from other projects. Never renumber, only add.</summary>
internal static class ReferenceErrorCodes
{
    /// <summary>Two datasets of one project map to the same member of the generated Datasets class.</summary>
    public const string AccessorNameClash = "DD4001";
}
