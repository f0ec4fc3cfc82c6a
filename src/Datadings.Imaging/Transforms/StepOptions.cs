using System.Globalization;

namespace Datadings.Transforms;

/// <summary>
/// The words of one step as written: <c>name positional… key=value…</c>. Typed getters turn a malformed value
/// into an <see cref="TransformError.InvalidOption"/> that names the step, the option and what was expected.
/// Every option read is recorded, so a step can reject options it does not know.
/// </summary>
public sealed class StepOptions
{
    private readonly Dictionary<string, string> _named;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    // The value a typed getter used, written one way (a default filled in, "090" as 90, "TRUE" as true), so that
    // writing an option's default or another spelling of a value keys the same cache entries.
    private readonly Dictionary<string, string> _effective = new(StringComparer.Ordinal);

    public StepOptions(string name, IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> named)
    {
        Name = name;
        Positional = positional;
        _named = new Dictionary<string, string>(named, StringComparer.Ordinal);
    }

    /// <summary>The step's name (<c>resize</c>, <c>encode</c>, a custom step's type name).</summary>
    public string Name { get; }

    public IReadOnlyList<string> Positional { get; }

    public IReadOnlyDictionary<string, string> Named => _named;

    /// <summary>
    /// The step normalised, part of its identity in the cache key: options sorted, and those read through a typed
    /// getter as the value used (<c>encode jpeg</c> and <c>encode jpeg quality=90</c> are one step). Read it after the
    /// step has read its options.
    /// </summary>
    public string Canonical => string.Join(' ', new[] { Name }.Concat(Positional).Concat(_named.Keys.Union(_effective.Keys)
        .Order(StringComparer.Ordinal).Select(key => $"{key}={(_effective.TryGetValue(key, out var used) ? used : _named[key])}")));

    public string? Text(string key)
    {
        _read.Add(key);
        return _named.TryGetValue(key, out var v) ? v : null;
    }

    public int Int(string key, int fallback, int minimum, int maximum) => Used(key, Text(key) is not { } t ? fallback
        : int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= minimum && v <= maximum ? v
        : throw Invalid($"option {key}={t} is not an integer from {minimum} to {maximum}"), v => v.ToString(CultureInfo.InvariantCulture));

    public bool Bool(string key, bool fallback) => Used(key, Text(key) is not { } t ? fallback
        : bool.TryParse(t, out var v) ? v : throw Invalid($"option {key}={t} is not true or false"), v => v ? "true" : "false");

    public TEnum Enum<TEnum>(string key, TEnum fallback) where TEnum : struct, System.Enum =>
        Used(key, Text(key) is not { } t ? fallback : ParseEnum<TEnum>(t, $"option {key}={t}"), v => v.ToString().ToLowerInvariant());

    private T Used<T>(string key, T value, Func<T, string> text)
    {
        _effective[key] = text(value);
        return value;
    }

    public TEnum ParseEnum<TEnum>(string text, string what) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var v) && System.Enum.IsDefined(v) && !char.IsDigit(text[0]) ? v
        : throw Invalid($"{what} is not one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");

    public IReadOnlyList<double> Doubles(string key) => Text(key) is not { } t ? []
        : [.. t.Split(',').Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw Invalid($"option {key}={t} is not a comma-separated list of numbers"))];

    /// <summary><c>W</c>x<c>H</c>, both positive.</summary>
    public (int Width, int Height) Size(string text)
    {
        var parts = text.Split('x', 'X');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && w > 0 && h > 0 && w <= 65535 && h <= 65535
            ? (w, h) : throw Invalid($"'{text}' is not a size WIDTHxHEIGHT of positive integers (e.g. 224x224)");
    }

    public int PositionalInt(int index, string meaning, int minimum)
    {
        var t = Positional.Count > index ? Positional[index] : throw Invalid($"needs {meaning}");
        return int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= minimum ? v
            : throw Invalid($"'{t}' is not an integer of at least {minimum} ({meaning})");
    }

    /// <summary>Rejects options the step did not read and more positional words than <paramref name="maxPositional"/>.</summary>
    public void RequireAllUsed(int maxPositional)
    {
        if (Positional.Count > maxPositional)
            throw Invalid($"takes {(maxPositional == 0 ? "no" : $"at most {maxPositional}")} positional argument{(maxPositional == 1 ? "" : "s")}, not '{string.Join(' ', Positional)}'");
        if (_named.Keys.FirstOrDefault(k => !_read.Contains(k)) is { } unknown)
            throw Invalid($"has no option '{unknown}'{(_read.Count > 0 ? $" (options: {string.Join(", ", _read.Order(StringComparer.Ordinal))})" : "")}");
    }

    public TransformException Invalid(string problem) => new(TransformError.InvalidOption, problem);
}
