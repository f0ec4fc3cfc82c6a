namespace Datadings.Sources;

/// <summary>
/// What to take from a labelled tree and how to label it; the options of the reference's
/// <c>DirectoryReader</c> / <c>ZipFileReader</c>.
/// </summary>
public sealed record LabelledTreeOptions
{
    /// <summary>The reference <c>ZipFileReader</c>'s default: one directory per label, files at any depth below.</summary>
    public const string DefaultPattern = "{LABEL}/**";

    /// <summary>
    /// Search patterns, relative to the source root, tried in this order. Each is either a glob
    /// (see <c>GlobPattern</c>: <c>*</c>, <c>?</c>, <c>[..]</c>, recursive <c>**</c>, and a <c>{LABEL}</c>
    /// segment naming the label level) or, when it has no wildcards and names an existing file (inside the
    /// source first, else on disk relative to the working directory), a listing file: one entry per line,
    /// <see cref="Separator"/>-separated path, optional label, extra columns.
    /// </summary>
    public IReadOnlyList<string> Patterns { get; init; } = [DefaultPattern];

    /// <summary>fnmatch patterns on the entry's path (the listed path for listings); none means all are included.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>fnmatch patterns on the entry's path; an entry matching any of them is left out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>All labels in the desired order. Null or empty: the naturally sorted set of labels found.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>A UTF-8 file with one label per line (spaces around a label are dropped), instead of <see cref="Labels"/>.</summary>
    public string? LabelsFile { get; init; }

    /// <summary>Replace each label by its index in the labels list, keeping the original as <c>_label</c>.</summary>
    public bool NumericLabels { get; init; } = true;

    /// <summary>Column separator of listing files.</summary>
    public string Separator { get; init; } = "\t";

    /// <summary>Prefix, inside the source, for the paths written in listing files. Globs ignore it.</summary>
    public string RootDir { get; init; } = "";

    /// <summary>
    /// Memory a .tar.gz source may spend holding entries that arrive before their turn in sorted order
    /// (see <see cref="TarTreeSource"/>). Larger means fewer decompression passes over a badly ordered archive.
    /// </summary>
    public long ReorderBufferBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest expanded size, in bytes, of one archive entry. Each sample's content is held in memory while it is
    /// written, so this bounds the memory an entry can take. Default 1 GiB.
    /// </summary>
    public long MaxEntryBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Largest total expanded size, in bytes, of all entries of an archive (every entry counts, selected or not:
    /// compressed tars are decompressed in full to be listed). Default 256 GiB.
    /// </summary>
    public long MaxExpandedBytes { get; init; } = 256L << 30;

    /// <summary>
    /// Largest expansion ratio, expanded bytes over stored bytes: per zip member (its compressed size is known) and
    /// for the archive as a whole (total expanded size over the archive file's size). Checked only once the expanded
    /// size passes <see cref="ExpansionBudget.RatioGraceBytes"/>, so small, very compressible files are fine.
    /// Default 100, the limit Apache POI and Commons Compress use against zip bombs.
    /// </summary>
    public double MaxExpansionRatio { get; init; } = 100;
}
