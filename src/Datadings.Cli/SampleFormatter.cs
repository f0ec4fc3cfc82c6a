using System.Collections;
using System.Globalization;
using System.Text;
using Datadings.Msgpack;

namespace Datadings.Cli;

/// <summary>
/// One readable line per sample, Python-flavoured like the reference's reprlib output but with large values
/// summarised: bytes as <c>bytes[780]</c>, arrays as dtype and shape, strings cut at a maximum length, long lists
/// and deep nesting elided. Fields stay in stored order (reprlib sorts them). A limit of 0 means none.
/// </summary>
internal sealed class SampleFormatter(int maxString, int maxItems = 10, int maxDepth = 4)
{
    private readonly int _maxString = maxString == 0 ? int.MaxValue : maxString;
    private readonly int _maxItems = maxItems == 0 ? int.MaxValue : maxItems;

    public string Format(object? value)
    {
        var text = new StringBuilder();
        Append(text, value, 0);
        return text.ToString();
    }

    private void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null or MsgpackNil: text.Append("None"); break;
            case bool b: text.Append(b ? "True" : "False"); break;
            case string s: AppendString(text, s, _maxString); break;
            case byte[] bytes: text.Append("bytes[").Append(bytes.Length).Append(']'); break;
            case ReadOnlyMemory<byte> memory: text.Append("bytes[").Append(memory.Length).Append(']'); break;
            case double d: text.Append(PythonFloat(d)); break;
            case float f: text.Append(PythonFloat(f)); break;
            case NdArray array:
                text.Append("ndarray[").Append(array.Dtype ?? "?").Append(' ').Append(array.Shape.Length == 0 ? "scalar" : string.Join('x', array.Shape)).Append(']');
                break;
            case NpScalar scalar: text.Append(scalar.Dtype ?? "npscalar").Append('('); Append(text, SafeValue(scalar), depth + 1); text.Append(')'); break;
            case PyComplex complex: text.Append(complex.Repr); break;
            case MsgpackExtension ext: text.Append("ExtType(code=").Append(ext.Type).Append(", data=bytes[").Append(ext.Data.Length).Append("])"); break;
            case IFormattable number when IsInteger(number): text.Append(number.ToString(null, CultureInfo.InvariantCulture)); break;
            case IEnumerable<KeyValuePair<string, object?>> fields: AppendItems(text, "{", "}", fields.Select(f => ((object)f.Key, f.Value)), depth, isMap: true); break;
            case IEnumerable<KeyValuePair<object, object?>> entries: AppendItems(text, "{", "}", entries.Select(e => (e.Key, e.Value)), depth, isMap: true); break;
            case IDictionary map: AppendItems(text, "{", "}", Entries(map), depth, isMap: true); break;
            case IEnumerable items: AppendItems(text, "[", "]", items.Cast<object?>().Select(i => ((object)"", i)), depth, isMap: false); break;
            default: text.Append(value); break;
        }
    }

    private void AppendItems(StringBuilder text, string open, string close, IEnumerable<(object Key, object? Value)> items, int depth, bool isMap)
    {
        if (depth >= maxDepth) { text.Append(open).Append("...").Append(close); return; }
        text.Append(open);
        int shown = 0, total = 0;
        foreach (var (key, value) in items)
        {
            total++;
            if (shown == _maxItems) continue;
            if (shown++ > 0) text.Append(", ");
            if (isMap)
            {
                // Field names are never cut: a truncated name would hide which field the value belongs to.
                if (key is string name) AppendString(text, name, int.MaxValue);
                else Append(text, key, depth + 1);
                text.Append(": ");
            }
            Append(text, value, depth + 1);
        }
        if (total > shown) text.Append(", ... (").Append(total).Append(" items)");
        text.Append(close);
    }

    // Cut and counted in text elements (what a person sees as characters), never inside a surrogate pair.
    private static void AppendString(StringBuilder text, string s, int limit)
    {
        string shown = DisplayText.Prefix(s, limit, out bool cut);
        text.Append('\'').Append(shown.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t"));
        text.Append(cut ? $"...' ({DisplayText.Length(s)} chars)" : "'");
    }

    private static IEnumerable<(object Key, object? Value)> Entries(IDictionary map)
    {
        var entries = map.GetEnumerator();
        while (entries.MoveNext()) yield return (entries.Key, entries.Value);
    }

    private static object? SafeValue(NpScalar scalar)
    {
        try { return scalar.ToValue(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { return $"0x{Convert.ToHexString(scalar.Data.Span)}"; }
    }

    private static bool IsInteger(IFormattable value) =>
        value is long or int or ulong or uint or short or ushort or sbyte or byte or System.Numerics.BigInteger;

    // Python prints floats shortest-round-trip with a ".0" on integral values, and inf/nan in lower case.
    private static string PythonFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Contains('.') || r.Contains('E') ? r.Replace("E+", "e+").Replace("E-", "e-") : r + ".0";
    }
}
