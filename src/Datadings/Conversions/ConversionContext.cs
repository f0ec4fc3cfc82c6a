using System.Globalization;

namespace Datadings.Conversions;

/// <summary>
/// Everything a converter may use: the dataset's name, the verified sources it reads, and its options (the
/// metadata of the conversion item, case-insensitive). Converters publish facts about the result (e.g. class names)
/// through <see cref="OutputMetadata"/>.
/// </summary>
public sealed class ConversionContext
{
    private readonly Dictionary<string, string> _options;
    private readonly List<ConversionWarning> _warnings = [];

    public ConversionContext(
        string datasetName,
        IReadOnlyList<ConversionSource> sources,
        IReadOnlyDictionary<string, string>? options = null,
        string? projectDirectory = null,
        int parallelism = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetName);
        DatasetName = datasetName;
        Sources = sources;
        _options = new Dictionary<string, string>(options ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        ProjectDirectory = projectDirectory ?? Directory.GetCurrentDirectory();
        Parallelism = Math.Max(1, parallelism);
    }

    public string DatasetName { get; }

    /// <summary>The sources this conversion names in its options, in declaration order.</summary>
    public IReadOnlyList<ConversionSource> Sources { get; }

    public IReadOnlyDictionary<string, string> Options => _options;

    /// <summary>Relative paths in options are relative to this directory (the project's).</summary>
    public string ProjectDirectory { get; }

    /// <summary>How many threads CPU-heavy work (image encoding) may use; pass it to <see cref="OrderedParallel"/>.</summary>
    public int Parallelism { get; }

    /// <summary>Set it as soon as the count is known (e.g. from a file header) so progress can show an ETA.</summary>
    public long? ExpectedSampleCount { get; set; }

    /// <summary>
    /// False for a sample (by its position in the conversion's order) that this build will not write because another
    /// machine writes its shard: a converter may then yield a sample holding only its "key" and skip expensive work
    /// (decoding, encoding). The key must be the same as the full sample's.
    /// </summary>
    public bool IsSampleWanted(long index) => SampleFilter?.Invoke(index) ?? true;

    internal Func<long, bool>? SampleFilter { get; set; }

    /// <summary>Facts about the dataset that the build offers as metadata of its output item (e.g. <c>ClassNames</c>).</summary>
    public IDictionary<string, string> OutputMetadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Things the user should know although the conversion succeeded (hosts show them as warnings).</summary>
    public IReadOnlyList<ConversionWarning> Warnings
    {
        get { lock (_warnings) return [.. _warnings]; }
    }

    /// <summary>Records a problem that does not stop the conversion (thread-safe); say what, where, and what was done instead.</summary>
    public void Warn(ConversionWarningKind kind, string message)
    {
        lock (_warnings) _warnings.Add(new ConversionWarning(kind, message));
    }

    /// <summary>The option's trimmed value, or null when it is absent or empty.</summary>
    public string? Option(string name) =>
        _options.TryGetValue(name, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    public string Option(string name, string defaultValue) => Option(name) ?? defaultValue;

    public string RequiredOption(string name) =>
        Option(name) ?? throw Invalid($"the option '{name}' is required");

    /// <summary>A ';'-separated option as a list (empty when absent).</summary>
    public IReadOnlyList<string> ListOption(string name) =>
        Option(name)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public bool BoolOption(string name, bool defaultValue)
    {
        var text = Option(name);
        if (text is null) return defaultValue;
        return bool.TryParse(text, out var value) ? value : throw Invalid($"the option '{name}' must be true or false, not '{text}'");
    }

    public long LongOption(string name, long defaultValue, long minimum = long.MinValue)
    {
        var text = Option(name);
        if (text is null) return defaultValue;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum)
            throw Invalid($"the option '{name}' must be a whole number ≥ {minimum}, not '{text}'");
        return value;
    }

    public double DoubleOption(string name, double defaultValue, double minimum)
    {
        var text = Option(name);
        if (text is null) return defaultValue;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= minimum) || double.IsInfinity(value))
            throw Invalid($"the option '{name}' must be a number ≥ {minimum.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
        return value;
    }

    /// <summary>
    /// The source named by option <paramref name="optionName"/> (by its declared name, or just its file name);
    /// when the option is absent and the conversion has exactly one source, that one.
    /// </summary>
    public ConversionSource Source(string optionName = "Source")
    {
        var name = Option(optionName);
        if (name is null)
        {
            return Sources.Count == 1
                ? Sources[0]
                : throw Invalid($"the option '{optionName}' must name the source to read ({DescribeSources()})");
        }
        return FindSource(name) ?? throw Invalid($"'{name}' (option '{optionName}') is not a DatasetSource of this project ({DescribeSources()})");
    }

    public ConversionSource? FindSource(string name) =>
        Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
        ?? Sources.FirstOrDefault(s => string.Equals(System.IO.Path.GetFileName(s.Name), name, StringComparison.Ordinal));

    /// <summary>A path option: a source's name gives that source's path; anything else is relative to the project.</summary>
    public string? PathOption(string name)
    {
        var value = Option(name);
        if (value is null) return null;
        return FindSource(value)?.Path ?? System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectDirectory, value));
    }

    /// <summary>The declared name of the source at <paramref name="path"/> (for messages), else the path itself.</summary>
    public string NameOf(string path) =>
        Sources.FirstOrDefault(s => string.Equals(System.IO.Path.GetFullPath(s.Path), System.IO.Path.GetFullPath(path), StringComparison.Ordinal))?.Name ?? path;

    public static ConversionException Invalid(string problem) => new(ConversionError.InvalidOptions, problem);

    private string DescribeSources() =>
        Sources.Count == 0 ? "it names no sources" : "its sources: " + string.Join(", ", Sources.Select(s => s.Name));
}
