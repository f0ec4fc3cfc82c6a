using Datadings.Reading;
using Datadings.Views;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// The <c>view</c> command: selects (and for windows, groups) samples of a base dataset, either into a normal
/// dataset (bytes verbatim) or into a view file that a <see cref="ViewReader"/> serves from the base.
/// </summary>
public static class ViewOperation
{
    public static OperationResult Run(string basePath, string output, ViewOptions options,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        OperationContext.RequireInput(basePath);
        int sources = (options.IndicesFile is null ? 0 : 1) + (options.KeysFile is null ? 0 : 1) + (options.WindowSize is null ? 0 : 1);
        if (sources != 1) throw new ArgumentException("define the view by exactly one of: an indices file, a keys file, a window size");
        using var baseReader = new DatasetReader(basePath);
        return Run(basePath, baseReader, output, Define(baseReader, options), options, progress, cancellationToken);
    }

    public static OperationResult Run(string basePath, string output, ViewDefinition view, ViewOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        OperationContext.RequireInput(basePath);
        using var baseReader = new DatasetReader(basePath);
        return Run(basePath, baseReader, output, view, options ?? new ViewOptions(), progress, cancellationToken);
    }

    private static ViewDefinition Define(DatasetReader baseReader, ViewOptions options)
    {
        if (options.IndicesFile is { } indices) return ViewDefinition.ReadIndexFile(indices);
        if (options.KeysFile is { } keys) return ViewDefinition.ReadKeysFile(baseReader, keys);
        int size = options.WindowSize!.Value;
        return options.WindowGroupField is { } field
            ? ViewDefinition.SlidingWindows(ViewDefinition.GroupsByField(baseReader, field), size, options.WindowStride)
            : ViewDefinition.SlidingWindows(baseReader.Count, size, options.WindowStride);
    }

    private static OperationResult Run(string basePath, DatasetReader baseReader, string output, ViewDefinition view, ViewOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        OperationContext.ValidateOutputs([basePath], [output], options.Overwrite);
        var context = new OperationContext("view", progress, cancellationToken);
        var viewReader = new ViewReader(baseReader, view);
        return options.Materialize
            ? Materialize(viewReader, output, options.Overwrite, context)
            : WriteViewFile(basePath, baseReader, output, view, options.Overwrite, context);
    }

    private static OperationResult Materialize(ViewReader view, string output, bool overwrite, OperationContext context)
    {
        using var writer = OperationContext.CreateWriter(output, overwrite);
        for (int i = 0; i < view.Count; i++)
        {
            writer.WriteRaw(view.GetKey(i), view.GetRaw(i).Span);
            context.Advance(writer, i + 1, view.Count);
        }
        return new OperationResult([context.Complete(writer)]);
    }

    private static OperationResult WriteViewFile(string basePath, DatasetReader baseReader, string output, ViewDefinition view, bool overwrite, OperationContext context)
    {
        var file = ViewFile.Create(output, basePath, BaseFingerprint.Of(basePath, baseReader.Count), view);
        context.CancellationToken.ThrowIfCancellationRequested();
        AtomicFile.WriteAllText(output, file.Format(), overwrite);
        return new OperationResult([new WrittenDataset(output, view.Rows.Count)]);
    }
}
