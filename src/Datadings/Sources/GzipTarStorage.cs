using System.Formats.Tar;
using System.IO.Compression;

namespace Datadings.Sources;

/// <summary>
/// Entries of a gzip-compressed tar (.tar.gz, .tgz), read in place. Gzip has no random access, so every
/// read is a forward pass that decompresses from the start.
/// </summary>
/// <remarks>
/// Entries are still delivered in the sorted order every source kind shares, with bounded memory:
/// a pass hands out the next wanted entry when the archive reaches it and holds entries that are wanted
/// later in a buffer of at most <c>ReorderBufferBytes</c> (dropping the farthest-ahead ones when a nearer
/// one needs the room); anything it could not deliver or hold is picked up by another pass.
/// An archive already stored in sorted order (e.g. made by <c>tar --sort=name</c>) is read in one pass
/// with nothing held; a badly ordered one costs about <c>total selected bytes / ReorderBufferBytes</c> passes.
/// <see cref="OpenFile"/> decompresses up to the entry each time: fine for a few entries, use
/// <see cref="ReadFiles"/> for all of them.
/// </remarks>
internal sealed class GzipTarStorage : TreeStorage
{
    private readonly Dictionary<string, StoredFile> _files;
    private readonly long _bufferBudget;

    public GzipTarStorage(string path, long bufferBudget) : base(path)
    {
        _bufferBudget = bufferBudget;
        _files = DecompressesToNothing()
            ? new Dictionary<string, StoredFile>()
            : Catalogue();
    }

    private Dictionary<string, StoredFile> Catalogue()
    {
        using var file = OpenArchive();
        using var decompressed = new GZipStream(file, CompressionMode.Decompress);
        return TarCatalog.Read(decompressed, SourcePath, dataOffsets: null);
    }

    // TarReader fails on an unseekable stream with no bytes at all, which is how an empty tree is written.
    private bool DecompressesToNothing()
    {
        using var file = OpenArchive();
        using var decompressed = new GZipStream(file, CompressionMode.Decompress);
        return SourceErrors.Guard(SourcePath, null, "decompressing the archive", () => decompressed.ReadByte() < 0);
    }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory) => ArchivePaths.Under(_files, directory);

    public override StoredFile? Find(string path) => _files.GetValueOrDefault(path);

    public override Stream OpenFile(StoredFile file)
    {
        var pass = OpenPass();
        try
        {
            while (pass.Next() is { } entry)
            {
                if (pass.Ordinal == file.Ordinal)
                    return new EntryReadStream(entry.DataStream ?? Stream.Null, SourcePath, file.Path, pass);
            }
            throw new SourceException("the entry was listed on the first pass but is missing now; the archive changed", SourcePath, file.Path);
        }
        catch
        {
            pass.Dispose();
            throw;
        }
    }

    public override IEnumerable<(StoredFile File, byte[] Content)> ReadFiles(
        IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        // Where in the output each archive entry is wanted; a file selected twice is wanted twice.
        var wantedAt = new Dictionary<int, List<int>>();
        for (var position = 0; position < files.Count; position++)
        {
            if (!wantedAt.TryGetValue(files[position].Ordinal, out var positions))
                wantedAt[files[position].Ordinal] = positions = [];
            positions.Add(position);
        }

        var held = new SortedDictionary<int, byte[]>();
        long heldBytes = 0;
        var next = 0;
        while (next < files.Count)
        {
            var progressAtStart = next;
            using var pass = OpenPass();
            while (next < files.Count && pass.Next() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!wantedAt.TryGetValue(pass.Ordinal, out var positions)) continue;
                var pending = positions.Where(p => p >= next && !held.ContainsKey(p)).ToList();
                if (pending.Count == 0) continue;

                var file = files[pending[0]];
                var isNext = pending[0] == next;
                if (!isNext && !MakeRoom(held, ref heldBytes, pending[0], file.Length)) continue;

                var content = ReadContent(new EntryReadStream(entry.DataStream ?? Stream.Null, SourcePath, file.Path), file);
                foreach (var p in pending)
                {
                    if (p == next) continue;
                    if (p != pending[0] && !MakeRoom(held, ref heldBytes, p, content.Length)) break;
                    held[p] = content;
                    heldBytes += content.Length;
                }
                if (!isNext) continue;

                yield return (file, content);
                next++;
                while (held.Remove(next, out var ready))
                {
                    heldBytes -= ready.Length;
                    yield return (files[next], ready);
                    next++;
                }
            }
            if (next == progressAtStart)
                throw new SourceException("the archive no longer holds entries listed on the first pass; it changed while being read", SourcePath, files[next].Path);
        }
    }

    /// <summary>Frees buffer room for an entry wanted at <paramref name="position"/> by dropping entries wanted later.</summary>
    private bool MakeRoom(SortedDictionary<int, byte[]> held, ref long heldBytes, int position, long length)
    {
        while (heldBytes + length > _bufferBudget && held.Count > 0)
        {
            var farthest = held.Keys.Last();
            if (farthest < position) break;
            heldBytes -= held[farthest].Length;
            held.Remove(farthest);
        }
        return heldBytes + length <= _bufferBudget;
    }

    private FileStream OpenArchive() =>
        SourceErrors.Guard(SourcePath, null, "opening the archive", () => File.OpenRead(SourcePath));

    /// <summary>How many decompression passes reads have started; lets tests hold the single-pass promise.</summary>
    internal int PassesStarted { get; private set; }

    private Pass OpenPass()
    {
        PassesStarted++;
        return new Pass(OpenArchive(), SourcePath);
    }

    public override void Dispose() { }

    /// <summary>One forward decompression of the archive, counting entries as the catalogue did.</summary>
    private sealed class Pass(Stream file, string sourcePath) : IDisposable
    {
        private readonly TarReader _reader = new(new GZipStream(file, CompressionMode.Decompress), leaveOpen: false);

        public int Ordinal { get; private set; } = -1;

        public TarEntry? Next()
        {
            var entry = SourceErrors.Guard(sourcePath, null, $"reading the tar header after {Ordinal + 1} entries",
                () => _reader.GetNextEntry(copyData: false));
            if (entry is not null) Ordinal++;
            return entry;
        }

        public void Dispose() => _reader.Dispose();
    }
}
