using Datadings.Reading;

namespace Datadings.Operations;

/// <summary>
/// Remaps the label of every sample through a <see cref="LabelMap"/>, keeping the source's original label beside it. Samples are
/// re-encoded (their label changes); every other field keeps its value and its place.
/// </summary>
public static class RelabelOperation
{
    public static OperationResult Run(string input, string output, string labelMapPath, RelabelOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(input, output, LabelMap.Load(labelMapPath), options, progress, cancellationToken);

    public static OperationResult Run(string input, string output, LabelMap map, RelabelOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new RelabelOptions();
        ArgumentNullException.ThrowIfNull(map);
        if (options.LabelField == Sample.KeyField || options.OriginalLabelField == Sample.KeyField || options.LabelField == options.OriginalLabelField)
            throw new ArgumentException($"the label field and the original-label field must differ from each other and from \"{Sample.KeyField}\"");
        if (options.UnknownLabels == UnknownLabelPolicy.Ignore && map.IgnoreId is null)
            throw new ArgumentException("unknown labels can only be sent to the ignore id if the label map defines \"ignore\"");
        if (options.ColorField is not null && (!options.Pixels || options.ColorField == Sample.KeyField || options.ColorField == options.LabelField))
            throw new ArgumentException($"a colour field needs Pixels and a name other than \"{Sample.KeyField}\" and the label field");
        var pixels = options.Pixels ? new PixelLabelTable(map, options.UnknownLabels == UnknownLabelPolicy.Ignore) : null;
        if (pixels is not null && options.ColorField is not null && !pixels.HasColors)
            throw new ArgumentException("a colour field needs \"color\" entries in the label map's \"classes\"");
        OperationContext.RequireInput(input);
        OperationContext.ValidateOutputs([input], [output], options.Overwrite);
        var context = new OperationContext("relabel", progress, cancellationToken);

        using var reader = new DatasetReader(input);
        using var writer = OperationContext.CreateWriter(output, options.Overwrite);
        int unknown = 0;
        for (int i = 0; i < reader.Count; i++)
        {
            var sample = reader.Get(i);
            if (pixels is not null) RelabelPixels(sample, pixels, options);
            else if (!Relabel(sample, map, options)) unknown++;
            writer.Write(sample);
            context.Advance(writer, i + 1, reader.Count);
        }
        var notes = unknown == 0 ? new List<string>()
            : [$"{unknown} of {reader.Count} samples had labels the map does not list and got the ignore id {map.IgnoreId}"];
        return new OperationResult([context.Complete(writer)], notes);
    }

    /// <summary>Remaps one sample in place; false if its label was unknown and sent to the ignore id.</summary>
    public static bool Relabel(Sample sample, LabelMap map, RelabelOptions options)
    {
        string key = sample.Key;
        if (!sample.TryGetValue(options.LabelField, out object? label))
            throw new UnknownLabelException(key, options.LabelField, null, $"has no \"{options.LabelField}\" field to relabel");

        bool known = map.TryMap(label, out long trainingId);
        if (!known)
        {
            if (options.UnknownLabels == UnknownLabelPolicy.Error || map.IgnoreId is not { } ignore)
                throw new UnknownLabelException(key, options.LabelField, label, $"the label {Describe(label)} is not in the label map{OriginalHint(sample, label, map, options)}");
            trainingId = ignore;
        }

        sample[options.LabelField] = trainingId;
        // `_label` is the label as the source gave it (Python datadings' meaning; a LabelledTree's class name): a
        // sample that has one keeps it, so it never means "the id before some relabel" in one dataset and "the
        // class name" in another. Only a sample without one gets it: then the label being remapped is the source's.
        if (!sample.ContainsKey(options.OriginalLabelField))
            sample.Insert(sample.IndexOf(options.LabelField) + 1, options.OriginalLabelField, label);
        return known;
    }

    /// <summary>Relabels the label image of one sample in place and adds the colour field if asked.</summary>
    public static void RelabelPixels(Sample sample, PixelLabelTable table, RelabelOptions options)
    {
        string key = sample.Key;
        if (!sample.TryGetValue(options.LabelField, out object? value) || value is not byte[] png)
            throw new UnknownLabelException(key, options.LabelField, null,
                value is null ? $"has no \"{options.LabelField}\" label image to relabel" : $"\"{options.LabelField}\" is not PNG bytes (it is {value.GetType().Name})");
        sample[options.LabelField] = table.Relabel(png, key, options.LabelField, out var image);
        if (options.ColorField is not { } colorField) return;
        var colored = table.Colorize(image.Ids, image.Width, image.Height);
        if (sample.ContainsKey(colorField)) sample[colorField] = colored;
        else sample.Insert(sample.IndexOf(options.LabelField) + 1, colorField, colored);
    }

    // A LabelledTree sample is {label: 3, _label: "cat"}: a map keyed by class names (what a person sees) misses
    // every label. Say that the map does list the sample's _label and what its keys must be instead.
    private static string OriginalHint(Sample sample, object? label, LabelMap map, RelabelOptions options)
    {
        if (!sample.TryGetValue(options.OriginalLabelField, out object? original) || !map.TryMap(original, out _)) return "";
        string example = LabelMap.SourceText(label) is { } text ? $" (here \"{text}\")" : "";
        return $", though its \"{options.OriginalLabelField}\" {Describe(original)} is: map keys are matched against \"{options.LabelField}\", so key the map by its values{example}";
    }

    private static string Describe(object? label) => label switch
    {
        string s => $"\"{s}\"",
        null => "null",
        _ when LabelMap.SourceText(label) is { } text => text,
        _ => $"of type {label.GetType().Name} (only strings and integers can be mapped)",
    };
}
