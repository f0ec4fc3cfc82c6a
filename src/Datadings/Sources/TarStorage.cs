namespace Datadings.Sources;

/// <summary>
/// Entries of an uncompressed tar, read in place: the first pass remembers where each entry's data
/// starts, so any entry can be read later by seeking there.
/// </summary>
internal sealed class TarStorage : TreeStorage
{
    private readonly List<long> _dataOffsets = [];
    private readonly Dictionary<string, StoredFile> _files;

    public TarStorage(string path, LabelledTreeOptions? options) : base(path)
    {
        using var stream = SourceErrors.Guard(path, null, "opening the archive", () => File.OpenRead(path));
        _files = TarCatalog.Read(stream, path, _dataOffsets, new ExpansionBudget(path, stream.Length, options));
    }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory) => ArchivePaths.Under(_files, directory);

    public override bool IsEmptyArchive => _files.Count == 0;

    public override StoredFile? Find(string path) => _files.GetValueOrDefault(path);

    public override Stream OpenFile(StoredFile file)
    {
        var stream = SourceErrors.Guard(SourcePath, file.Path, "opening the archive", () => File.OpenRead(SourcePath));
        try
        {
            return new EntryReadStream(new SliceStream(stream, _dataOffsets[file.Ordinal], file.Length), SourcePath, file.Path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    // One archive handle for the whole run instead of one per entry.
    public override IEnumerable<(StoredFile File, byte[] Content)> ReadFiles(
        IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        using var archive = SourceErrors.Guard(SourcePath, null, "opening the archive", () => File.OpenRead(SourcePath));
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var entry = new EntryReadStream(
                new SliceStream(archive, _dataOffsets[file.Ordinal], file.Length, leaveOpen: true), SourcePath, file.Path);
            yield return (file, ReadContent(entry, file));
        }
    }

    public override void Dispose() { }
}
