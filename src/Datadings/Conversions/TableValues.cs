using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Datadings.Conversions;

/// <summary>The type of a table column: every non-empty value of the column gets it, so every sample has one schema.</summary>
internal enum ColumnType
{
    /// <summary>Only empty cells so far; written as nil.</summary>
    Empty,

    /// <summary>64-bit signed integers (msgpack int).</summary>
    Int,

    /// <summary>64-bit floats (msgpack float64); integers in the column become floats too.</summary>
    Float,

    /// <summary>Text, including numbers written in the column.</summary>
    String,
}

/// <summary>How table cells become sample values (the typing rules docs/conversions.md documents).</summary>
internal static partial class TableValues
{
    /// <summary>
    /// The type a CSV/TSV cell asks for on its own: a quoted field is text; unquoted, empty → <see cref="ColumnType.Empty"/>,
    /// an integer that fits 64 bits → Int, a decimal number (digits with a point and/or exponent) that fits a double
    /// → Float, anything else (NaN, inf, 0x1F) → String. <paramref name="doesNotFit"/> says why a number is text.
    /// </summary>
    public static ColumnType TypeOf(CsvRecordReader.Field field, out string? doesNotFit)
    {
        doesNotFit = null;
        if (field.Quoted) return ColumnType.String;
        var text = field.Text;
        if (text.Length == 0) return ColumnType.Empty;
        if (Integer().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return ColumnType.Int;
            doesNotFit = "is an integer beyond 64 bits";
            return ColumnType.String;
        }
        if (Decimal().IsMatch(text))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)) return ColumnType.Float;
            doesNotFit = "is beyond the range of a 64-bit float";
            return ColumnType.String;
        }
        return ColumnType.String;
    }

    /// <summary>The wider of two column types: Int and Float make Float; anything with String is String.</summary>
    public static ColumnType Widen(ColumnType a, ColumnType b) => (ColumnType)Math.Max((int)a, (int)b);

    /// <summary>
    /// A cell as a value of its column's <paramref name="type"/>: empty unquoted cells are nil in every column.
    /// Throws <see cref="FormatException"/> when the text is not a value of the type (possible with declared types).
    /// </summary>
    public static object? FromCsv(CsvRecordReader.Field field, ColumnType type)
    {
        if (!field.Quoted && field.Text.Length == 0) return null;
        var text = field.Text;
        return type switch
        {
            ColumnType.String or ColumnType.Empty => text,
            ColumnType.Int => Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? whole
                : throw new FormatException($"'{text}' is not an integer that fits 64 bits"),
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
                ? real
                : throw new FormatException($"'{text}' is not a finite 64-bit float"),
        };
    }

    /// <summary>Parses a declared type name: int, float or string (case-insensitive).</summary>
    public static ColumnType? ParseType(string name) => name.Trim().ToLowerInvariant() switch
    {
        "int" or "integer" or "long" or "int64" => ColumnType.Int,
        "float" or "double" or "float64" => ColumnType.Float,
        "string" or "str" or "text" => ColumnType.String,
        _ => null,
    };

    /// <summary>The JSON value's column type, for whole-column typing of top-level properties (bools, arrays, objects: Empty, they never widen).</summary>
    public static ColumnType TypeOf(JsonElement value, out string? doesNotFit)
    {
        doesNotFit = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return ColumnType.Empty;
            case JsonValueKind.Number when value.TryGetInt64(out _): return ColumnType.Int;
            case JsonValueKind.Number when value.TryGetUInt64(out _): return ColumnType.Int; // a ulong, still a msgpack int
            case JsonValueKind.Number:
                if (value.TryGetDouble(out var real) && double.IsFinite(real))
                {
                    if (IsWholeNumber(value.GetRawText())) doesNotFit = "is an integer beyond 64 bits (it is kept as the nearest float)";
                    return ColumnType.Float;
                }
                doesNotFit = "is beyond the range of a 64-bit float, so the property's numbers are kept as their JSON text";
                return ColumnType.String;
            case JsonValueKind.String: return ColumnType.String;
            default: return ColumnType.Empty; // bools, arrays and objects keep their JSON types and do not widen numbers
        }
    }

    /// <summary>
    /// JSON Lines: JSON types — null, bool, integer → long (ulong above long's range), other numbers → double,
    /// string, array → list, object → map. A top-level property's <paramref name="column"/> type widens its numbers:
    /// in a Float column integers are doubles, in a String column (one holding strings too, or a number beyond a
    /// double's range) numbers are their JSON text.
    /// </summary>
    public static object? FromJson(JsonElement value, ColumnType column = ColumnType.Empty) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when column == ColumnType.String => value.GetRawText(),
        JsonValueKind.Number when column == ColumnType.Float && value.TryGetDouble(out var real) && double.IsFinite(real) => real,
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number when value.TryGetUInt64(out var big) => big,
        JsonValueKind.Number when value.TryGetDouble(out var real) && double.IsFinite(real) => real,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => value.EnumerateArray().Select(v => FromJson(v)).ToList(),
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

    private static bool IsWholeNumber(string raw) => Integer().IsMatch(raw);

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex Decimal();
}
