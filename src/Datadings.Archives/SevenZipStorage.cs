using Datadings.Sources;
using SharpCompress.Archives;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Common;
using SharpCompress.Common.SevenZip;
using SharpCompress.Readers;

namespace Datadings.Archives;

/// <summary>
/// Entries of a 7z archive. The catalogue comes from the archive's header (no decompression); contents come from
/// forward passes over the whole-archive reader (<see cref="IArchive.ExtractAllEntries"/>), which decompresses each
/// solid block once. Opening solid entries one by one would decompress the block again for each of them.
/// Each entry's data is checked against the CRC-32 the header records (SharpCompress does not check it).
/// </summary>
internal sealed class SevenZipStorage : ForwardStorage
{
    private const int UnixExtension = 0x8000;

    // Every entry's key and recorded CRC-32 in header order: passes number the reader's entries by finding them here.
    private readonly List<string> _keys = [];
    private readonly List<uint> _crcs = [];

    public SevenZipStorage(string path, LabelledTreeOptions? options)
        : base(path, (options ?? new LabelledTreeOptions()).ReorderBufferBytes)
    {
        Files = new Dictionary<string, StoredFile>(StringComparer.Ordinal);
        var budget = new ExpansionBudget(path, new FileInfo(path).Length, options);
        using var archive = OpenSevenZip();
        var entries = Guard(null, "reading the 7z header", () => archive.Entries.ToList());
        foreach (var entry in entries)
        {
            var index = _keys.Count;
            var key = entry.Key ?? "";
            _keys.Add(key);
            _crcs.Add(unchecked((uint)entry.Crc));
            if (entry.IsDirectory)
            {
                if (!ArchivePaths.IsRoot(key)) ArchivePaths.Normalize(key, path);
                continue;
            }
            var name = ArchivePaths.Normalize(key, path);
            var unreadable = IsSymlink(entry) ? "the entry is a symbolic link, which is not followed (it could point outside the archive); pack the archive again with the files themselves"
                : entry.IsEncrypted ? "the entry is encrypted, which is not supported"
                : null;
            if (unreadable is null) budget.Add(key, entry.Size);
            if (!Files.TryAdd(name, new StoredFile(name, entry.Size, index, unreadable)))
                throw new SourceException("the archive holds this name more than once", path, key);
        }
    }

    protected override Dictionary<string, StoredFile> Files { get; }

    // 7-Zip keeps the Unix mode in the high half of the attributes, flagged by 0x8000 (what `7zz a -snl` writes);
    // SharpCompress exposes the full value only as ExtendedAttrib.
    private static bool IsSymlink(IEntry entry) =>
        entry.LinkTarget is { Length: > 0 }
        || entry is SevenZipEntry { ExtendedAttrib: { } attributes } && (attributes & UnixExtension) != 0 && ArchivePaths.IsUnixSymlink(unchecked((uint)attributes));

    private IArchive OpenSevenZip()
    {
        var file = OpenArchive();
        try
        {
            return Guard(null, "reading the 7z header", () => SevenZipArchive.OpenArchive(file, new ReaderOptions { LeaveStreamOpen = false }));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private T Guard<T>(string? entry, string doing, Func<T> action) =>
        SourceErrors.Guard(SourcePath, entry, doing, () =>
        {
            try
            {
                return action();
            }
            catch (SharpCompressException e)
            {
                throw DataErrorStream.Damaged(e);
            }
        });

    protected override ForwardPass OpenPass() => new SevenZipPass(this);

    public override void Dispose() { }

    /// <summary>One decompression of the whole archive through its reader.</summary>
    private sealed class SevenZipPass : ForwardPass
    {
        private readonly SevenZipStorage _storage;
        private readonly IArchive _archive;
        private readonly IReader _reader;
        private Stream? _data;

        public SevenZipPass(SevenZipStorage storage)
        {
            _storage = storage;
            _archive = storage.OpenSevenZip();
            try
            {
                _reader = storage.Guard(null, "starting to decompress the archive", _archive.ExtractAllEntries);
            }
            catch
            {
                _archive.Dispose();
                throw;
            }
        }

        public override bool MoveNext()
        {
            _data?.Dispose();
            _data = null;
            if (!_storage.Guard(null, $"reading the archive after {Ordinal + 1} entries", _reader.MoveToNextEntry)) return false;
            // The reader may skip entries without data (directories); find this one in header order.
            var key = _reader.Entry.Key ?? "";
            var next = _storage._keys.IndexOf(key, Ordinal + 1);
            if (next < 0)
                throw new SourceException("the entry is not where the archive's header lists it; the archive changed while being read", _storage.SourcePath, key);
            Ordinal = next;
            return true;
        }

        public override Stream Data =>
            _data ??= _reader.Entry.IsDirectory
                ? Stream.Null
                : Checked(new DataErrorStream(_storage.Guard(_reader.Entry.Key, "opening the entry", _reader.OpenEntryStream), Stream.Null));

        // A header without a CRC for the entry gives 0; one entry in 2^32 with a real CRC of 0 goes unchecked.
        private Stream Checked(Stream data) =>
            _storage._crcs[Ordinal] is var crc and not 0 ? new CrcCheckingStream(data, crc) : data;

        public override void Dispose()
        {
            _data?.Dispose();
            _reader.Dispose();
            _archive.Dispose();
        }
    }
}
