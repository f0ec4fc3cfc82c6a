using System.Formats.Tar;

namespace Datadings.Sources;

/// <summary>
/// Entries of a compressed tar, read in place through forward passes (see <see cref="ForwardStorage"/>).
/// The tar layer is always the base library's <see cref="TarReader"/>, so names, links and limits follow the same
/// rules whichever decompressor (gzip here; bzip2, xz, zstd in Datadings.Archives) sits below it.
/// </summary>
internal sealed class CompressedTarStorage : ForwardStorage
{
    private readonly Func<Stream, Stream> _decompress;

    /// <param name="decompress">Wraps the archive file in a decompressing stream that owns it.</param>
    /// <param name="cancellationToken">Stops the listing pass, which decompresses the whole archive.</param>
    public CompressedTarStorage(string path, Func<Stream, Stream> decompress, LabelledTreeOptions? options, CancellationToken cancellationToken = default)
        : base(path, (options ?? new LabelledTreeOptions()).ReorderBufferBytes)
    {
        _decompress = decompress;
        Files = DecompressesToNothing() ? [] : Catalogue(options, cancellationToken);
    }

    protected override Dictionary<string, StoredFile> Files { get; }

    private Dictionary<string, StoredFile> Catalogue(LabelledTreeOptions? options, CancellationToken cancellationToken)
    {
        using var decompressed = Decompressed();
        var budget = new ExpansionBudget(SourcePath, new FileInfo(SourcePath).Length, options);
        return TarCatalog.Read(decompressed, SourcePath, dataOffsets: null, budget, cancellationToken);
    }

    // TarReader fails on an unseekable stream with no bytes at all, which is how an empty tree is written.
    private bool DecompressesToNothing()
    {
        using var decompressed = Decompressed();
        return SourceErrors.Guard(SourcePath, null, "decompressing the archive", () => decompressed.ReadByte() < 0);
    }

    private Stream Decompressed()
    {
        var file = OpenArchive();
        try
        {
            return SourceErrors.Guard(SourcePath, null, "opening the decompressor", () => _decompress(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    protected override ForwardPass OpenPass() => new TarPass(Decompressed(), SourcePath);

    public override void Dispose() { }

    /// <summary>One forward decompression of the archive, counting entries as the catalogue did.</summary>
    private sealed class TarPass(Stream decompressed, string sourcePath) : ForwardPass
    {
        private readonly TarReader _reader = new(decompressed, leaveOpen: false);
        private TarEntry? _entry;

        public override bool MoveNext()
        {
            _entry = SourceErrors.Guard(sourcePath, null, $"reading the tar header after {Ordinal + 1} entries",
                () => _reader.GetNextEntry(copyData: false));
            if (_entry is null) return false;
            Ordinal++;
            return true;
        }

        public override Stream Data => _entry?.DataStream ?? Stream.Null;

        public override void Dispose() => _reader.Dispose();
    }
}
