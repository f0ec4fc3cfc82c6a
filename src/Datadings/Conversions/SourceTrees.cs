using Datadings.Sources;

namespace Datadings.Conversions;

/// <summary>Opening a source (directory, zip, tar, …) with every file selected, for converters that find files by path.</summary>
internal static class SourceTrees
{
    /// <summary>Every file of <paramref name="source"/> ("**": a pattern without wildcards would be read as a listing
    /// file), unlabelled; a source that cannot be read is a <see cref="ConversionError.CorruptSource"/> naming it.</summary>
    public static LabelledTreeSource OpenAll(ConversionSource source, CancellationToken cancellationToken)
    {
        try
        {
            return LabelledTreeSource.Open(source.Path, new LabelledTreeOptions { Patterns = ["**"], NumericLabels = false }, cancellationToken);
        }
        catch (SourceException e)
        {
            throw new ConversionException(ConversionError.CorruptSource, e.Message, source.Name, inner: e);
        }
    }
}
