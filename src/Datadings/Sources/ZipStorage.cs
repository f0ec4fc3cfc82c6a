using System.IO.Compression;

namespace Datadings.Sources;

/// <summary>
/// Members of a zip file, read in place through its central directory (random access, nothing unpacked).
/// Every member name is checked when the archive is opened; a name that could escape the root fails
/// the whole archive. Members marked as Unix symbolic links are listed but cannot be samples.
/// </summary>
internal sealed class ZipStorage : TreeStorage
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    private readonly ZipArchive _archive;
    private readonly List<ZipArchiveEntry> _members = [];
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);

    public ZipStorage(string path) : base(path)
    {
        var stream = SourceErrors.Guard(path, null, "opening the archive", () => File.OpenRead(path));
        try
        {
            _archive = SourceErrors.Guard(path, null, "reading the zip directory", () => new ZipArchive(stream, ZipArchiveMode.Read));
            SourceErrors.Guard(path, null, "reading the zip directory", () => { Catalogue(); return 0; });
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void Catalogue()
    {
        foreach (var member in _archive.Entries)
        {
            var name = EntryPath.Normalize(member.FullName, SourcePath);
            if (member.FullName.EndsWith('/')) continue;
            var isLink = ((member.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink;
            var file = new StoredFile(name, member.Length, _members.Count, isLink ? "the member is a symbolic link, which is not followed" : null);
            if (!_files.TryAdd(name, file))
                throw new SourceException("the archive holds this name more than once", SourcePath, member.FullName);
            _members.Add(member);
        }
    }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory) => ArchivePaths.Under(_files, directory);

    public override StoredFile? Find(string path) => _files.GetValueOrDefault(path);

    public override Stream OpenFile(StoredFile file)
    {
        var member = _members[file.Ordinal];
        var stream = SourceErrors.Guard(SourcePath, member.FullName, "opening the member", member.Open);
        return new EntryReadStream(new CrcCheckingStream(stream, member.Crc32), SourcePath, member.FullName);
    }

    public override void Dispose() => _archive.Dispose();
}
