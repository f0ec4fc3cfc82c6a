namespace Datadings.Sources;

/// <summary>
/// Decides the labels list the reference's <c>ListReader</c> would use: the explicit list, else the
/// labels file, else every label found, natsorted.
/// </summary>
internal static class LabelList
{
    public static IReadOnlyList<string> Resolve(LabelledTreeOptions options, IEnumerable<string> found)
    {
        var explicitLabels = Explicit(options);
        return explicitLabels ?? found.Distinct(StringComparer.Ordinal).Order(NaturalOrder.Instance).ToList();
    }

    /// <summary>The labels the caller fixed, or null when they are to be discovered.</summary>
    public static IReadOnlyList<string>? Explicit(LabelledTreeOptions options)
    {
        // Like the reference, an empty list means "not given".
        var hasList = options.Labels is { Count: > 0 };
        if (hasList && options.LabelsFile is not null)
            throw new ArgumentException("Give either Labels or LabelsFile, not both.");
        var labels = hasList ? options.Labels : options.LabelsFile is { } file ? ReadFile(file) : null;
        if (labels is null) return null;
        var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The labels list names '{duplicate.Key}' more than once, so its index would be ambiguous.");
        return labels;
    }

    // As the reference's load_lines: every line is a label, with spaces and line ends around it dropped.
    private static List<string> ReadFile(string path)
    {
        try
        {
            return File.ReadLines(path).Select(l => l.Trim(' ', '\r', '\n')).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException($"cannot read the labels file: {e.Message}", path, inner: e);
        }
    }
}
