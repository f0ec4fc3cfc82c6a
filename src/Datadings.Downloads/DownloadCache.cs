namespace Datadings.Downloads;

/// <summary>
/// The content-addressed download cache: <c>ROOT/&lt;md5&gt;/&lt;file name&gt;</c>. A file under its final name
/// is always complete and verified (it is only ever renamed into place after its MD5 matched), so readers
/// need no lock. In-flight data lives in <c>.partial</c> next to it; <c>.lock</c> serialises writers.
/// </summary>
public sealed class DownloadCache
{
    public const string EnvironmentVariable = "DATADINGS_CACHE";

    public DownloadCache(string root)
    {
        Root = Path.GetFullPath(root);
        Stamps = new VerifiedFileStamps(Path.Combine(Root, ".stamps"));
    }

    public string Root { get; }

    /// <summary>Remembers verified files (in the cache and elsewhere) so they are never hashed twice.</summary>
    public VerifiedFileStamps Stamps { get; }

    /// <summary>
    /// <c>$DATADINGS_CACHE</c>; else the per-user cache folder: LocalApplicationData on Windows,
    /// <c>$XDG_CACHE_HOME/datadings</c> or <c>~/.cache/datadings</c> elsewhere.
    /// </summary>
    public static string DefaultRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "datadings", "cache");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = Path.IsPathRooted(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "datadings");
    }

    public string EntryDirectory(string md5) => Path.Combine(Root, Md5Hex.Normalize(md5));

    public string FinalPath(string md5, string fileName) => Path.Combine(EntryDirectory(md5), SafeFileName(fileName));

    public string PartialPath(string md5) => Path.Combine(EntryDirectory(md5), ".partial");

    public string LockPath(string md5) => Path.Combine(EntryDirectory(md5), ".lock");

    /// <summary>
    /// The cached file for this MD5, whatever name it was first stored under (two projects may call the
    /// same bytes differently); null when there is none.
    /// </summary>
    public string? FindEntry(string md5)
    {
        var dir = EntryDirectory(md5);
        if (!Directory.Exists(dir))
            return null;
        return Directory.EnumerateFiles(dir)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Only the last path segment is used, and it may not hide among our dot files.</summary>
    private static string SafeFileName(string name)
    {
        var fileName = Path.GetFileName(name.Replace('\\', '/'));
        if (fileName.Length == 0 || fileName.StartsWith('.'))
            fileName = "_" + fileName;
        return fileName;
    }
}
