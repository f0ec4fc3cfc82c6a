namespace Datadings.Sources;

/// <summary>One line of a listing file: the listed path, an optional label, any further columns.</summary>
internal sealed record ListingLine(int LineNumber, string Path, string? Label, IReadOnlyList<string> AdditionalInfo);

/// <summary>
/// Reads the reference's CSV-like listing files: each line is split on the separator (no quoting),
/// column 1 is the path, column 2 the label if present, the rest is kept as additional info.
/// Blank lines are skipped (the reference would make a sample with an empty path of them).
/// </summary>
internal static class ListingFile
{
    public static IEnumerable<ListingLine> Parse(TextReader reader, string separator)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            var columns = line.Split(separator);
            yield return new ListingLine(number, columns[0], columns.Length > 1 ? columns[1] : null, columns.Length > 2 ? columns[2..] : []);
        }
    }
}
