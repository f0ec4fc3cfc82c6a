namespace Datadings.Sources;

/// <summary>
/// A labelled source (directory, zip or tar) cannot be read as asked: a corrupt or truncated archive,
/// an entry name escaping the root, an unknown label, a bad listing line.
/// The message always names the source and, when known, the entry.
/// </summary>
public sealed class SourceException : Exception
{
    public SourceException(string problem, string sourcePath, string? entryName = null, Exception? inner = null)
        : base(Describe(problem, sourcePath, entryName), inner)
    {
        Problem = problem;
        SourcePath = sourcePath;
        EntryName = entryName;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The directory, archive or listing file the problem was found in.</summary>
    public string SourcePath { get; }

    /// <summary>The entry (as named in the source) the problem concerns, if any.</summary>
    public string? EntryName { get; }

    /// <summary>
    /// True when the source is readable but expands beyond a limit of <see cref="LabelledTreeOptions"/>
    /// (<c>MaxEntryBytes</c>, <c>MaxExpandedBytes</c>, <c>MaxExpansionRatio</c>): a zip bomb or a limit to raise.
    /// </summary>
    public bool ExceedsLimit { get; init; }

    private static string Describe(string problem, string sourcePath, string? entryName) =>
        entryName is null ? $"{sourcePath}: {problem}" : $"{sourcePath}: entry '{entryName}': {problem}";
}
