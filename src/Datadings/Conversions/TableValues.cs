using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Datadings.Conversions;

/// <summary>How table cells become sample values (the typing rules docs/conversions.md documents).</summary>
internal static partial class TableValues
{
    /// <summary>
    /// CSV/TSV: a quoted field is always a string; unquoted, empty → null, an integer that fits 64 bits → long,
    /// a decimal number (digits with a point and/or exponent) → double, anything else (including NaN, inf, 0x1F) → string.
    /// </summary>
    public static object? FromCsv(CsvRecordReader.Field field)
    {
        if (field.Quoted) return field.Text;
        var text = field.Text;
        if (text.Length == 0) return null;
        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            return whole;
        if (Decimal().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return real;
        return text;
    }

    /// <summary>JSON Lines: JSON types — null, bool, integer → long (ulong above long's range), other numbers → double, string, array → list, object → map.</summary>
    public static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number when value.TryGetUInt64(out var big) => big,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => ToMap(value),
        _ => throw new InvalidOperationException($"unexpected JSON value kind {value.ValueKind}"),
    };

    private static OrderedDictionary<string, object?> ToMap(JsonElement value)
    {
        var map = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
            map[property.Name] = FromJson(property.Value);
        return map;
    }

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex Decimal();
}
