using System.IO.Compression;
using System.Text;

namespace Datadings.Sources;

/// <summary>
/// Members of a zip file, read in place through its central directory (random access, nothing unpacked).
/// Every member name is checked when the archive is opened; a name that could escape the root fails
/// the whole archive. Members marked as Unix symbolic links are listed but cannot be samples.
/// </summary>
/// <remarks>
/// Names without the UTF-8 flag (general purpose bit 11) are decoded as IBM code page 437, as APPNOTE 4.4.17
/// says and as Python's zipfile does; flagged names are UTF-8 and must be valid. Every member's declared sizes are
/// counted against the expansion limits when the archive is opened.
/// </remarks>
internal sealed class ZipStorage : TreeStorage
{
    private readonly ZipArchive _archive;
    private readonly List<ZipArchiveEntry> _members = [];
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);

    /// <summary>IBM PC code page 437, the encoding of zip names without the UTF-8 flag.</summary>
    internal static readonly Encoding Cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437)!;

    public ZipStorage(string path, LabelledTreeOptions? options) : base(path)
    {
        var stream = SourceErrors.Guard(path, null, "opening the archive", () => File.OpenRead(path));
        try
        {
            _archive = SourceErrors.Guard(path, null, "reading the zip directory", () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false, Cp437));
            var budget = new ExpansionBudget(path, stream.Length, options);
            SourceErrors.Guard(path, null, "reading the zip directory", () => { Catalogue(budget); return 0; });
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void Catalogue(ExpansionBudget budget)
    {
        var position = -1;
        foreach (var member in _archive.Entries)
        {
            position++;
            if (member.FullName.EndsWith('/') && ArchivePaths.IsRoot(member.FullName)) continue;
            var name = ArchivePaths.Normalize(member.FullName, SourcePath, () => ZipCentralDirectory.NameBytes(SourcePath, position));
            if (member.FullName.EndsWith('/')) continue;
            budget.Add(member.FullName, member.Length, member.CompressedLength);
            var isLink = ArchivePaths.IsUnixSymlink(unchecked((uint)member.ExternalAttributes));
            var file = new StoredFile(name, member.Length, _members.Count, isLink ? "the member is a symbolic link, which is not followed" : null);
            if (!_files.TryAdd(name, file))
                throw new SourceException("the archive holds this name more than once", SourcePath, member.FullName);
            _members.Add(member);
        }
    }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory) => ArchivePaths.Under(_files, directory);

    public override bool IsEmptyArchive => _files.Count == 0;

    public override StoredFile? Find(string path) => _files.GetValueOrDefault(path);

    public override Stream OpenFile(StoredFile file)
    {
        var member = _members[file.Ordinal];
        var stream = SourceErrors.Guard(SourcePath, member.FullName, "opening the member", member.Open);
        return new EntryReadStream(new CrcCheckingStream(stream, member.Crc32), SourcePath, member.FullName);
    }

    public override void Dispose() => _archive.Dispose();
}
