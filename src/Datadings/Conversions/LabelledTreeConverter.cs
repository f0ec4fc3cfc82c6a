using Datadings.Sources;

namespace Datadings.Conversions;

/// <summary>
/// A labelled file tree (directory, .zip, .tar, .tar.gz/.tgz, and with Datadings.Archives .tar.bz2/.tar.xz/.tar.zst/.7z,
/// read in place) → one sample per file: <c>{key, image: file bytes, label, _label}</c>. Options: Source, Patterns,
/// Include, Exclude, Labels, LabelsFile, NumericLabels, ContentField, Separator, RootDir, MaxEntryBytes,
/// MaxExpandedBytes, MaxExpansionRatio (see docs/conversions.md).
/// </summary>
public sealed class LabelledTreeConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        var contentField = context.Option("ContentField", SourceEntry.DefaultContentField);
        var patterns = context.ListOption("Patterns");
        var options = new LabelledTreeOptions
        {
            Patterns = patterns.Count > 0 ? patterns : [LabelledTreeOptions.DefaultPattern],
            Include = context.ListOption("Include"),
            Exclude = context.ListOption("Exclude"),
            Labels = context.ListOption("Labels") is { Count: > 0 } labels ? labels : null,
            LabelsFile = context.PathOption("LabelsFile"),
            NumericLabels = context.BoolOption("NumericLabels", true),
            Separator = context.Option("Separator") ?? "\t",
            RootDir = context.Option("RootDir") ?? "",
        };
        options = options with
        {
            MaxEntryBytes = context.LongOption("MaxEntryBytes", options.MaxEntryBytes, minimum: 0),
            MaxExpandedBytes = context.LongOption("MaxExpandedBytes", options.MaxExpandedBytes, minimum: 0),
            MaxExpansionRatio = context.DoubleOption("MaxExpansionRatio", options.MaxExpansionRatio, minimum: 1),
        };
        return Read(source, options, contentField, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource source, LabelledTreeOptions options, string contentField,
        ConversionContext context, CancellationToken cancellationToken)
    {
        using var tree = LabelledTreeSource.Open(source.Path, options, cancellationToken);
        if (tree.IsEmptyArchive)
            context.Warn(ConversionWarningKind.EmptyArchive,
                $"the archive '{source.Name}' holds no files, so the dataset has no samples from it; check that it was packed from the right folder");
        context.ExpectedSampleCount = tree.Entries.Count;
        if (tree.Labels.Count > 0)
            context.OutputMetadata["ClassNames"] = string.Join(';', tree.Labels);
        foreach (var (entry, content) in tree.ReadAll(cancellationToken))
            yield return entry.ToSample(content, contentField);
    }
}
