using Datadings.Sources;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using CompressionMode = SharpCompress.Compressors.CompressionMode;

namespace Datadings.Archives;

/// <summary>
/// A labelled tree inside a <c>.tar.bz2</c>, <c>.tar.xz</c>, <c>.tar.zst</c> (and their short forms) or <c>.7z</c>
/// archive, read in place: nothing is extracted to disk, entries stream in forward passes with the same bounded
/// reorder buffer as <c>.tar.gz</c> (<see cref="LabelledTreeOptions.ReorderBufferBytes"/>).
/// </summary>
/// <remarks>
/// SharpCompress decompresses; the rules stay ours: the tar layer is the same reader the built-in tar kinds use
/// (root <c>./</c>, hard links, link refusal), every name goes through the same path-safety checks (no <c>..</c>,
/// absolute paths, backslashes, undecodable bytes) and every declared size through the expansion limits.
/// A 7z (solid or not) is read through its whole-archive reader, one decompression per pass, never entry by entry.
/// </remarks>
/// <param name="cancellationToken">Stops the listing pass of a compressed tar, which decompresses the whole archive.</param>
public sealed class ArchiveTreeSource(string path, LabelledTreeOptions? options = null, CancellationToken cancellationToken = default)
    : LabelledTreeSource(CreateStorage(path, options, cancellationToken), options)
{
    /// <summary>The file-name suffixes this class reads (any case).</summary>
    public static IReadOnlyList<string> Suffixes { get; } =
        [".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".7z"];

    private static TreeStorage CreateStorage(string path, LabelledTreeOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new SourceException("no such file", path);
        if (Is(path, ".7z")) return new SevenZipStorage(path, options);
        Func<Stream, Stream> decompress =
            Is(path, ".tar.bz2", ".tbz2", ".tbz") ? file => BZip2Stream.Create(file, CompressionMode.Decompress, decompressConcatenated: true)
            : Is(path, ".tar.xz", ".txz") ? file => new XZStream(file)
            : Is(path, ".tar.zst", ".tzst") ? file => new DecompressionStream(file, leaveOpen: false)
            : throw new SourceException($"unsupported archive: expected one of {string.Join(", ", Suffixes)}", path);
        return new CompressedTarStorage(path, file => DataErrorStream.Open(decompress, file), options, cancellationToken);
    }

    private static bool Is(string path, params string[] suffixes) =>
        suffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
}
