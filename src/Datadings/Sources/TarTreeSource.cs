using System.IO.Compression;

namespace Datadings.Sources;

/// <summary>
/// A labelled tree inside a tar file, read in place; <c>.tar.gz</c> and <c>.tgz</c> names mean gzip-compressed.
/// </summary>
/// <remarks>
/// <para>Opening reads every header once and fails if any entry name could escape the root or crosses an expansion
/// limit. A hard link to a regular file stored earlier reads that file's bytes; symbolic links, other hard links and
/// non-file entries are never followed: selecting one is an error, otherwise they are ignored. Directory entries
/// (including the root <c>./</c>) are ignored.</para>
/// <para>Entries come in the same sorted order as from a directory or zip. An uncompressed tar is read
/// with random access (each entry's data offset is remembered). A compressed tar is read in forward
/// passes: entries the archive stores ahead of their turn are held in a buffer of at most
/// <see cref="LabelledTreeOptions.ReorderBufferBytes"/>, and whatever does not fit is read by another
/// pass, so memory stays bounded and an archive stored in sorted order takes a single pass.
/// <see cref="LabelledTreeSource.Open(SourceEntry)"/> on a compressed tar decompresses up to that entry
/// every time; use <see cref="LabelledTreeSource.ReadAll"/> to read many.</para>
/// </remarks>
public sealed class TarTreeSource(string path, LabelledTreeOptions? options = null, CancellationToken cancellationToken = default)
    : LabelledTreeSource(CreateStorage(path, options, cancellationToken), options)
{
    /// <summary>True for names ending in .tar, .tar.gz or .tgz (any case).</summary>
    public static bool IsTarName(string path) => path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || IsGzipName(path);

    private static bool IsGzipName(string path) =>
        path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    private static TreeStorage CreateStorage(string path, LabelledTreeOptions? options, CancellationToken cancellationToken) =>
        IsGzipName(path)
            ? new CompressedTarStorage(path, file => new GZipStream(file, CompressionMode.Decompress), options, cancellationToken)
            : new TarStorage(path, options);
}
