namespace Datadings.Sources;

/// <summary>
/// Turns a name found in an archive or a listing file into a path relative to the source root,
/// with '/' separators and no '.' segments, or says why it cannot be one.
/// </summary>
/// <remarks>
/// Any name that could address something outside the root is refused rather than cleaned up:
/// absolute names, drive letters, backslashes (zip and tar names use '/', so a backslash is either a
/// Windows path or a trick), NUL characters and every '..' segment, even one that would stay inside.
/// Leading "./" is tolerated because <c>tar -C dir .</c> writes it.
/// </remarks>
internal static class EntryPath
{
    public static bool TryNormalize(string name, out string normalized, out string problem)
    {
        normalized = "";
        problem = "";
        if (name.Length == 0)
            problem = "the name is empty";
        else if (name.Contains('\0'))
            problem = "the name contains a NUL character";
        else if (name.Contains('\\'))
            problem = "the name contains a backslash, which could escape the root on Windows";
        else if (name.StartsWith('/'))
            problem = "the name is an absolute path";
        else if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
            problem = "the name starts with a drive letter";
        else
        {
            var segments = name.Split('/').Where(s => s.Length > 0 && s != ".").ToArray();
            if (segments.Contains(".."))
                problem = "the name contains a '..' segment and could escape the root";
            else if (segments.Length == 0)
                problem = "the name does not name anything below the root";
            else
                normalized = string.Join('/', segments);
        }
        return problem.Length == 0;
    }

    /// <summary>Normalizes a name or throws a <see cref="SourceException"/> naming the source and the name.</summary>
    public static string Normalize(string name, string sourcePath)
    {
        if (!TryNormalize(name, out var normalized, out var problem))
            throw new SourceException(problem, sourcePath, name);
        return normalized;
    }
}
