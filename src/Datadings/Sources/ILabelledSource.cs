namespace Datadings.Sources;

/// <summary>
/// A labelled tree opened for reading: the selected entries in a fixed order, and their contents.
/// Not thread-safe: read from one thread at a time.
/// </summary>
public interface ILabelledSource : IDisposable
{
    /// <summary>The directory or archive being read.</summary>
    string SourcePath { get; }

    /// <summary>All labels, in the order that gives their numeric values.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The selected entries: patterns in the order given; within a glob pattern, paths in natural order
    /// segment by segment; within a listing file, line order. Identical for the same tree in any source kind.
    /// </summary>
    IReadOnlyList<SourceEntry> Entries { get; }

    /// <summary>A read-only stream of one entry's content. Read errors name the source and the entry.</summary>
    Stream Open(SourceEntry entry);

    /// <summary>
    /// Every entry with its content, in <see cref="Entries"/> order, one entry's bytes at a time
    /// (a .tar.gz may hold a bounded number ahead, see <see cref="LabelledTreeOptions.ReorderBufferBytes"/>).
    /// </summary>
    IEnumerable<(SourceEntry Entry, byte[] Content)> ReadAll(CancellationToken cancellationToken = default);
}
