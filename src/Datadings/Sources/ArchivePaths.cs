using System.Text;

namespace Datadings.Sources;

/// <summary>Name checks and prefix lookup shared by the archive storages.</summary>
internal static class ArchivePaths
{
    public static IEnumerable<StoredFile> Under(Dictionary<string, StoredFile> files, IReadOnlyList<string> directory)
    {
        var prefix = directory.Count == 0 ? "" : string.Join('/', directory) + "/";
        return files.Values.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// <see cref="EntryPath.Normalize"/> for a name decoded from an archive, refusing names whose bytes were not
    /// valid in the archive's encoding: decoders put U+FFFD in their place (or leave a lone surrogate), and two
    /// different names could then become one key, or a key could silently differ from the file's name.
    /// </summary>
    /// <param name="storedBytes">The name's bytes as the archive stores them, when the format lets us find them
    /// (zip); otherwise the message shows the decoded name's UTF-8, where EF BF BD marks what could not be decoded.</param>
    public static string Normalize(string name, string sourcePath, Func<byte[]?>? storedBytes = null)
    {
        if (name.Contains('\uFFFD') || !IsWellFormed(name))
        {
            var shown = storedBytes?.Invoke() is { } raw
                ? $"its bytes: {Convert.ToHexStringLower(raw)}"
                : $"its bytes as decoded: {Hex(name)}, where efbfbd or a lone surrogate marks bytes that could not be decoded";
            throw new SourceException(
                $"the name is not valid UTF-8 ({shown}). Rename the file to a UTF-8 name (e.g. with convmv) and pack the archive again",
                sourcePath, name);
        }
        return EntryPath.Normalize(name, sourcePath);
    }

    /// <summary>
    /// True when attributes carrying a Unix mode in their high 16 bits (zip "external attributes" from Unix tools,
    /// 7z attributes with the 0x8000 Unix-extension flag) mark a symbolic link (S_IFLNK).
    /// </summary>
    public static bool IsUnixSymlink(uint attributes) => ((attributes >> 16) & 0xF000) == 0xA000;

    /// <summary>True for a name that is the root itself (<c>./</c>, <c>.</c>), as <c>tar -C dir .</c> writes first.</summary>
    public static bool IsRoot(string name) => name.Split('/').All(s => s is "" or ".");

    private static bool IsWellFormed(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) i++;
            else if (char.IsSurrogate(name[i])) return false;
        }
        return true;
    }

    private static string Hex(string name) =>
        Convert.ToHexString(new UTF8Encoding(false, false).GetBytes(name)).ToLowerInvariant();
}
