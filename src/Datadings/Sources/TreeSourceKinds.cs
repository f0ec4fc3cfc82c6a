namespace Datadings.Sources;

/// <summary>
/// Archive kinds that assemblies beside the core add to <see cref="LabelledTreeSource.Open"/> (Datadings.Archives
/// registers .tar.bz2, .tar.xz, .tar.zst and .7z), keyed by file-name suffix. Registering twice is harmless.
/// </summary>
internal static class TreeSourceKinds
{
    private static readonly Lock Gate = new();
    private static readonly List<(string Suffix, Func<string, LabelledTreeOptions?, CancellationToken, LabelledTreeSource> Open)> Kinds = [];

    /// <summary>Suffixes readable only with the Datadings.Archives package, to say so when it is missing.</summary>
    public static readonly string[] ArchivesPackageSuffixes = [".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".7z"];

    public static void Register(string suffix, Func<string, LabelledTreeOptions?, CancellationToken, LabelledTreeSource> open)
    {
        lock (Gate)
        {
            if (!Kinds.Any(k => string.Equals(k.Suffix, suffix, StringComparison.OrdinalIgnoreCase)))
                Kinds.Add((suffix, open));
        }
    }

    public static Func<string, LabelledTreeOptions?, CancellationToken, LabelledTreeSource>? Find(string path)
    {
        lock (Gate)
            return Kinds.FirstOrDefault(k => path.EndsWith(k.Suffix, StringComparison.OrdinalIgnoreCase)).Open;
    }

    public static IEnumerable<string> Suffixes()
    {
        lock (Gate)
            return Kinds.Select(k => k.Suffix).ToList();
    }
}
