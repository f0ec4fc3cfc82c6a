namespace Datadings.Build.Tasks;

/// <summary>The metadata of a dataset item that are not options of how it is made.</summary>
internal static class ItemOptions
{
    /// <summary>Whether referencing projects get the dataset (see <see cref="SelectDatasetsForReferencingProjects"/>).</summary>
    public const string CopyToReferencingProjects = "CopyToReferencingProjects";

    /// <summary>
    /// False for metadata that say where a dataset goes rather than what it contains: they stay out of stamps (toggling
    /// them never converts again), out of the options converters see, and out of the lock.
    /// </summary>
    public static bool IsOption(string key) => !string.Equals(key, CopyToReferencingProjects, StringComparison.OrdinalIgnoreCase);
}
