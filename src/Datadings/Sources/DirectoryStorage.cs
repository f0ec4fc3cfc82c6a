namespace Datadings.Sources;

/// <summary>Files of a directory tree, read in place. Symbolic links are followed, as Python's glob does.</summary>
internal sealed class DirectoryStorage : TreeStorage
{
    private readonly string _root;

    public DirectoryStorage(string root) : base(root)
    {
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
            throw new SourceException("the directory does not exist", root);
    }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory)
    {
        var start = Path.Combine([_root, .. directory]);
        if (!Directory.Exists(start)) return [];
        // Hidden files are listed too: whether a pattern may match them is the glob's decision.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            MatchType = MatchType.Simple,
        };
        return SourceErrors.Guard(SourcePath, null, "listing the directory", () =>
            new DirectoryInfo(start).EnumerateFiles("*", options)
                .Select(f => new StoredFile(RelativePath(f.FullName), f.Length, 0))
                .ToList());
    }

    public override StoredFile? Find(string path)
    {
        var info = new FileInfo(Path.Combine(_root, path));
        return info.Exists ? new StoredFile(path, info.Length, 0) : null;
    }

    public override Stream OpenFile(StoredFile file)
    {
        var stream = SourceErrors.Guard(SourcePath, file.Path, "opening the file", () =>
            new FileStream(FullPath(file), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        return new EntryReadStream(stream, SourcePath, file.Path);
    }

    // Files may change size after listing; their current content is what counts, as in the reference.
    public override IEnumerable<(StoredFile File, byte[] Content)> ReadFiles(
        IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return (file, SourceErrors.Guard(SourcePath, file.Path, "reading the file", () => File.ReadAllBytes(FullPath(file))));
        }
    }

    public override void Dispose() { }

    private string FullPath(StoredFile file) => Path.Combine(_root, file.Path);

    private string RelativePath(string fullPath) =>
        Path.GetRelativePath(_root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
