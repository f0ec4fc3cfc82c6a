namespace Datadings.Sources;

/// <summary>
/// Where a labelled tree's files live (directory, zip, tar): lists them, finds one by path, reads them.
/// Paths are relative to the root, '/'-separated, already checked not to escape it.
/// </summary>
internal abstract class TreeStorage : IDisposable
{
    protected TreeStorage(string sourcePath) => SourcePath = sourcePath;

    public string SourcePath { get; }

    /// <summary>Every item below the directory given by <paramref name="directory"/> segments, in any order.</summary>
    public abstract IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory);

    public abstract StoredFile? Find(string path);

    /// <summary>True for an archive holding no file (directories do not count); false for directories on disk.</summary>
    public virtual bool IsEmptyArchive => false;

    /// <summary>A stream of the file's content whose read errors name this source and the file.</summary>
    public abstract Stream OpenFile(StoredFile file);

    /// <summary>The contents of <paramref name="files"/>, yielded in exactly that order.</summary>
    public virtual IEnumerable<(StoredFile File, byte[] Content)> ReadFiles(
        IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = OpenFile(file);
            yield return (file, ReadContent(stream, file));
        }
    }

    /// <summary>
    /// Reads exactly the declared length and checks nothing follows, so truncation and size lies are
    /// caught here (zip also verifies its CRC when the end is reached).
    /// </summary>
    protected byte[] ReadContent(Stream stream, StoredFile file)
    {
        if (file.Length > Array.MaxLength)
            throw new SourceException($"the entry is {file.Length} bytes, more than fits in one byte array", SourcePath, file.Path);
        return SourceErrors.Guard(SourcePath, file.Path, "reading the entry", () =>
        {
            var content = new byte[file.Length];
            try
            {
                stream.ReadExactly(content);
            }
            catch (EndOfStreamException e)
            {
                throw new SourceException($"the entry is truncated: expected {file.Length} bytes", SourcePath, file.Path, e);
            }
            if (stream.ReadByte() >= 0)
                throw new SourceException($"the entry holds more than the {file.Length} bytes it declares", SourcePath, file.Path);
            return content;
        });
    }

    public abstract void Dispose();
}
