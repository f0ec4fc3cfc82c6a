namespace Datadings.Sources;

/// <summary>
/// The common behaviour of the labelled tree sources (the reference's <c>DirectoryReader</c> and
/// <c>ZipFileReader</c>, plus tar): entries are selected and labelled once, when the source is opened,
/// so every error about names, labels or listings surfaces before any content is read.
/// </summary>
public abstract class LabelledTreeSource : ILabelledSource
{
    private readonly TreeStorage _storage;
    private readonly TreeSelection _selection;
    private readonly Dictionary<string, int> _positionByKey;
    private bool _disposed;

    private protected LabelledTreeSource(TreeStorage storage, LabelledTreeOptions? options)
    {
        _storage = storage;
        try
        {
            _selection = TreeSelector.Select(storage, options ?? new LabelledTreeOptions());
        }
        catch
        {
            storage.Dispose();
            throw;
        }
        _positionByKey = _selection.Entries.Select((e, i) => (e.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>
    /// Opens <paramref name="path"/> by its kind: a directory, a <c>.zip</c>, a <c>.tar</c>, a
    /// <c>.tar.gz</c> / <c>.tgz</c>, or a kind registered by Datadings.Archives (<c>ArchiveSources.Register()</c>:
    /// .tar.bz2, .tar.xz, .tar.zst, .7z), decided by the name, case-insensitively.
    /// <paramref name="cancellationToken"/> stops the listing pass of a compressed tar, which decompresses it all.
    /// </summary>
    public static LabelledTreeSource Open(string path, LabelledTreeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return new DirectoryTreeSource(path, options);
        if (!File.Exists(path)) throw new SourceException("no such file or directory", path);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return new ZipTreeSource(path, options);
        if (TarTreeSource.IsTarName(path)) return new TarTreeSource(path, options, cancellationToken);
        if (TreeSourceKinds.Find(path) is { } open) return open(path, options, cancellationToken);
        var known = string.Join(", ", [".zip", ".tar", ".tar.gz", ".tgz", .. TreeSourceKinds.Suffixes()]);
        if (TreeSourceKinds.ArchivesPackageSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            throw new SourceException($"this archive kind is read by the Datadings.Archives package, which is not loaded here (the SDK loads it; a program calls Datadings.Archives.ArchiveSources.Register()); readable now: a directory, {known}", path);
        throw new SourceException($"unsupported source: expected a directory, {known}", path);
    }

    /// <summary>
    /// True when the source is an archive that holds no file at all (only directories, or nothing): usually a
    /// packing mistake, which a conversion reports as a warning rather than writing an empty dataset silently.
    /// </summary>
    public bool IsEmptyArchive => _storage.IsEmptyArchive;

    public string SourcePath => _storage.SourcePath;

    public IReadOnlyList<string> Labels => _selection.Labels;

    public IReadOnlyList<SourceEntry> Entries => _selection.Entries;

    public Stream Open(SourceEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _storage.OpenFile(_selection.Files[PositionOf(entry)]);
    }

    public IEnumerable<(SourceEntry Entry, byte[] Content)> ReadAll(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Pair(_storage.ReadFiles(_selection.Files, cancellationToken));
    }

    // ReadFiles yields in the order it was given, so position i is entry i.
    private IEnumerable<(SourceEntry Entry, byte[] Content)> Pair(IEnumerable<(StoredFile File, byte[] Content)> contents)
    {
        var position = 0;
        foreach (var (_, content) in contents)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return (_selection.Entries[position++], content);
        }
    }

    private int PositionOf(SourceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _positionByKey.TryGetValue(entry.Key, out var position) && _selection.Entries[position].Equals(entry)
            ? position
            : throw new ArgumentException($"Entry '{entry.Key}' is not one of this source's entries.", nameof(entry));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _storage.Dispose();
        GC.SuppressFinalize(this);
    }
}
