using System.Security.Cryptography;
using System.Text;

namespace Datadings.IndexFiles;

/// <summary>One line of a <c>.md5</c> file: the MD5 a file should have.</summary>
public sealed record Md5Entry(string Md5, string FileName);

/// <summary>The result of checking one file against its <c>.md5</c> line.</summary>
public sealed record Md5Check(string FilePath, string Expected, string? Actual)
{
    public bool Missing => Actual is null;
    public bool Ok => string.Equals(Expected, Actual, StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>.md5</c>: one "HEX␣␣BASENAME\n" line per file (FORMAT.md §7).</summary>
public static class Md5File
{
    public static string Format(IEnumerable<Md5Entry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries) text.Append(e.Md5).Append("  ").Append(e.FileName).Append('\n');
        return text.ToString();
    }

    public static IReadOnlyList<Md5Entry> Parse(string text, string path)
    {
        var entries = new List<Md5Entry>();
        int lineStart = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length > 0)
            {
                int sep = line.IndexOf("  ", StringComparison.Ordinal);
                if (sep != 32 || !IsLowerOrUpperHex(line.AsSpan(0, 32)) || line.Length == 34)
                    throw new DatadingsFormatException(
                        $"expected a line \"<32 hex digits>  <file name>\", found \"{Shorten(line)}\"", path, Encoding.UTF8.GetByteCount(text.AsSpan(0, lineStart)));
                var name = line[34..];
                // Names are basenames of files beside the .md5 (FORMAT.md §7); anything else must not reach the file system.
                if (name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
                    throw new DatadingsFormatException(
                        $"expected a file name without directories, found \"{Shorten(name)}\"", path, Encoding.UTF8.GetByteCount(text.AsSpan(0, lineStart)));
                entries.Add(new Md5Entry(line[..32].ToLowerInvariant(), name));
            }
            lineStart += rawLine.Length + 1;
        }
        return entries;
    }

    public static IReadOnlyList<Md5Entry> Read(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    /// <summary>MD5 of a whole file as 32 lowercase hex digits.</summary>
    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(MD5.HashData(content));

    /// <summary>Checks each listed file (looked up beside the <c>.md5</c> file) against its expected MD5.</summary>
    public static IReadOnlyList<Md5Check> Check(string md5Path, IEnumerable<Md5Entry> entries)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(md5Path))!;
        return entries.Select(e =>
        {
            var file = Path.Combine(dir, e.FileName);
            return new Md5Check(file, e.Md5, File.Exists(file) ? HashFile(file) : null);
        }).ToList();
    }

    private static bool IsLowerOrUpperHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static string Shorten(string s) => DisplayText.Shorten(s, 80);
}
