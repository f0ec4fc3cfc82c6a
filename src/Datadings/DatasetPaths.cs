namespace Datadings;

/// <summary>
/// The file set of one dataset: the data file <c>D.msgpack</c> and its index files, each named by
/// appending a suffix to the full data file name (FORMAT.md §1).
/// </summary>
public sealed record DatasetPaths(string Data)
{
    public const string OffsetsSuffix = ".offsets";
    public const string KeysSuffix = ".keys";
    public const string KeyHashesSuffix = ".key_hashes";
    public const string FilterSuffix = ".filter";
    public const string Md5Suffix = ".md5";
    public const string LegacyIndexSuffix = ".index";

    /// <summary>The suffixes of the new-style index files, in the order the writer lists them in <c>.md5</c>.</summary>
    public static IReadOnlyList<string> IndexSuffixes { get; } = [OffsetsSuffix, KeysSuffix, KeyHashesSuffix, FilterSuffix];

    public string Offsets => Data + OffsetsSuffix;
    public string Keys => Data + KeysSuffix;
    public string KeyHashes => Data + KeyHashesSuffix;
    public string Filter => Data + FilterSuffix;
    public string Md5 => Data + Md5Suffix;
    public string LegacyIndex => Data + LegacyIndexSuffix;

    /// <summary>
    /// The file set of the dataset at <paramref name="path"/>: the data file, or any of its index files
    /// (a trailing index suffix is removed, so <c>D.msgpack.keys</c> names the same dataset as <c>D.msgpack</c>).
    /// </summary>
    public static DatasetPaths For(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        foreach (var suffix in (string[])[OffsetsSuffix, KeysSuffix, KeyHashesSuffix, FilterSuffix, Md5Suffix, LegacyIndexSuffix])
        {
            if (full.EndsWith(".msgpack" + suffix, StringComparison.Ordinal))
                return new DatasetPaths(full[..^suffix.Length]);
        }
        return new DatasetPaths(full);
    }

    /// <summary>The five index files the writer writes beside the data file, <c>.md5</c> last.</summary>
    public IReadOnlyList<string> IndexFiles => [Offsets, Keys, KeyHashes, Filter, Md5];

    /// <summary>The six files the writer writes: the data file and its index files.</summary>
    public IReadOnlyList<string> WrittenFiles => [Data, Offsets, Keys, KeyHashes, Filter, Md5];

    /// <summary>Every file that belongs to the dataset, new-style and legacy.</summary>
    public IEnumerable<string> AllFiles() => [Data, Offsets, Keys, KeyHashes, Filter, Md5, LegacyIndex];

    /// <summary>
    /// Whether writing <paramref name="output"/>, as a dataset or as a single file (a card, a view, an assignment),
    /// would replace one of this dataset's files: <c>shuffle in.msgpack in.msgpack.keys</c> writes in.msgpack itself
    /// (an index file names its dataset), <c>report in.msgpack -o in.msgpack.md5</c> replaces the .md5.
    /// </summary>
    public bool IsReplacedBy(string output)
    {
        var comparer = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var mine = AllFiles().ToHashSet(comparer);
        return mine.Contains(Path.GetFullPath(output)) || For(output).WrittenFiles.Any(mine.Contains);
    }
}
