using System.Globalization;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// Reads the metadata of one derived dataset item, turning every malformed value into a DD3001 error that names
/// the item, the metadata and what is expected. Parsing only: what the values mean is the core's business.
/// </summary>
internal sealed class ItemMetadata
{
    private readonly ITaskItem _item;

    public ItemMetadata(ITaskItem item, string itemType, string projectDirectory)
    {
        _item = item;
        ItemType = itemType;
        ProjectDirectory = projectDirectory;
        Name = item.ItemSpec.Trim();
        var all = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Keys and indexer only: the enumerator's element type differs between MSBuild versions.
        var custom = item.CloneCustomMetadata();
        foreach (var key in custom.Keys.Cast<string>().Where(ItemOptions.IsOption))
            all[key] = custom[key] as string ?? "";
        All = all;
    }

    public string Name { get; }

    public string ItemType { get; }

    public string ProjectDirectory { get; }

    /// <summary>Every custom metadata value, sorted by name: what the item's result depends on besides its inputs.</summary>
    public IReadOnlyDictionary<string, string> All { get; }

    public string? Text(string key) => _item.GetMetadata(key).Trim() is { Length: > 0 } value ? value : null;

    public string Required(string key, string meaning) => Text(key) ?? throw Invalid($"has no {key} metadata ({meaning})");

    public IReadOnlyList<string> List(string key) =>
        Text(key)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public long? Long(string key) => Parse<long>(key, "an integer", t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

    public int? Int(string key, int minimum) => Parse<int>(key, $"an integer of at least {minimum}",
        t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= minimum ? v : null);

    public double? Double(string key) => Parse<double>(key, "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null);

    public bool? Bool(string key) => Parse<bool>(key, "true or false", t => bool.TryParse(t, out var v) ? v : null);

    public TEnum? Enum<TEnum>(string key) where TEnum : struct, System.Enum =>
        Parse<TEnum>(key, "one of " + string.Join(", ", System.Enum.GetNames<TEnum>()), t => System.Enum.TryParse<TEnum>(t, ignoreCase: true, out var v) && System.Enum.IsDefined(v) ? v : null);

    /// <summary>A path metadata value made absolute against the project directory.</summary>
    public string? Path(string key) => Text(key) is { } value ? System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectDirectory, value)) : null;

    public DerivedDatasetException Invalid(string problem) => new(DerivedErrorCodes.InvalidItem, problem);

    private T? Parse<T>(string key, string expected, Func<string, T?> parse) where T : struct =>
        Text(key) is not { } text ? null : parse(text) ?? throw Invalid($"{key} '{text}' is not {expected}");
}
