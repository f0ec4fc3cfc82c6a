namespace Datadings.Sources;

/// <summary>Prefix lookup over an archive's catalogue, shared by the archive storages.</summary>
internal static class ArchivePaths
{
    public static IEnumerable<StoredFile> Under(Dictionary<string, StoredFile> files, IReadOnlyList<string> directory)
    {
        var prefix = directory.Count == 0 ? "" : string.Join('/', directory) + "/";
        return files.Values.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal));
    }
}
