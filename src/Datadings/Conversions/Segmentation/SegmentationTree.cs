using Datadings.Sources;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// Random access by path to the files of a source (directory, zip, tar, …) as the segmentation layouts need it:
/// their files pair up by name (image ↔ mask, listing → files) rather than by directory labels.
/// </summary>
internal sealed class SegmentationTree : IDisposable
{
    private readonly LabelledTreeSource _tree;
    private readonly Dictionary<string, SourceEntry> _entries;
    private readonly string _sourceName;

    private SegmentationTree(LabelledTreeSource tree, string sourceName)
    {
        _tree = tree;
        _sourceName = sourceName;
        _entries = tree.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    public static SegmentationTree Open(ConversionSource source, CancellationToken cancellationToken) =>
        new(SourceTrees.OpenAll(source, cancellationToken), source.Name);

    /// <summary>Every file's path, '/'-separated, in the source's natural (sorted) order.</summary>
    public IEnumerable<string> Paths => _tree.Entries.Select(e => e.Path);

    public bool Contains(string path) => _entries.ContainsKey(path);

    public byte[] Read(string path)
    {
        try
        {
            using var stream = _tree.Open(_entries[path]);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (SourceException e)
        {
            throw new ConversionException(ConversionError.CorruptSource, e.Message, _sourceName, $"entry '{path}'", e);
        }
    }

    /// <summary>The file at <paramref name="path"/> as a stream, for files too big to hold as bytes (COCO's annotation JSON).</summary>
    public Stream Open(string path)
    {
        try
        {
            return _tree.Open(_entries[path]);
        }
        catch (SourceException e)
        {
            throw new ConversionException(ConversionError.CorruptSource, e.Message, _sourceName, $"entry '{path}'", e);
        }
    }

    /// <summary>The file at <paramref name="path"/>, or a layout error saying which file was expected and why.</summary>
    public byte[] ReadRequired(string path, string what, ConversionError error = ConversionError.SegmentationLayout) =>
        Contains(path) ? Read(path) : throw new ConversionException(error, $"{what} is missing: no {path}", _sourceName);

    public void Dispose() => _tree.Dispose();
}
