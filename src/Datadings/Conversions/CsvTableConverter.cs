using System.Globalization;
using System.Text;

namespace Datadings.Conversions;

/// <summary>
/// A CSV or TSV table → one sample per row: <c>key</c>, then every column by its name. Each column has one type,
/// decided from the whole column (a first pass over the file) or declared: see <see cref="TableValues.TypeOf(CsvRecordReader.Field, out string?)"/>.
/// Options: Source; KeyColumn (else the 0-based row number is the key); Delimiter (default ',' for Csv, tab for
/// Tsv; "tab" is accepted); SkipRows (rows before the header, or before the data without a header); Header
/// (true by default; false when the first row is data); ColumnNames ("a;b;c": names without a header row, or
/// instead of the header's); ColumnTypes ("a:int;b:float;c:string").
/// </summary>
public sealed class CsvTableConverter : ISampleConverter
{
    private readonly char _defaultDelimiter;

    private CsvTableConverter(char defaultDelimiter) => _defaultDelimiter = defaultDelimiter;

    public static CsvTableConverter Csv() => new(',');

    public static CsvTableConverter Tsv() => new('\t');

    private sealed record Layout(char Delimiter, long SkipRows, bool Header, string[]? ColumnNames, Dictionary<string, ColumnType> DeclaredTypes, string? KeyColumn);

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        var delimiter = context.Option("Delimiter") switch
        {
            null => _defaultDelimiter,
            var t when t.Equals("tab", StringComparison.OrdinalIgnoreCase) || t == "\\t" => '\t',
            { Length: 1 } t => t[0],
            var t => throw ConversionContext.Invalid($"Delimiter must be one character (or 'tab'), not '{t}'"),
        };
        var names = context.ListOption("ColumnNames");
        var layout = new Layout(delimiter, context.LongOption("SkipRows", 0, minimum: 0), context.BoolOption("Header", true),
            names.Count == 0 ? null : [.. names], DeclaredTypes(context), context.Option("KeyColumn"));
        if (!layout.Header && layout.ColumnNames is null)
            throw ConversionContext.Invalid("Header=\"false\" needs ColumnNames=\"name1;name2;…\" to name the columns");
        if (layout.ColumnNames?.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw ConversionContext.Invalid($"the column name '{twice.Key}' appears twice in ColumnNames");
        return Rows(source, layout, context, cancellationToken);
    }

    private static Dictionary<string, ColumnType> DeclaredTypes(ConversionContext context)
    {
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var entry in context.ListOption("ColumnTypes"))
        {
            var colon = entry.LastIndexOf(':');
            var type = colon > 0 ? TableValues.ParseType(entry[(colon + 1)..]) : null;
            if (type is null)
                throw ConversionContext.Invalid($"ColumnTypes entry '{entry}' must be NAME:TYPE with TYPE one of int, float, string");
            types[entry[..colon].Trim()] = type.Value;
        }
        return types;
    }

    private static IEnumerable<Sample> Rows(ConversionSource source, Layout layout, ConversionContext context, CancellationToken cancellationToken)
    {
        // First pass: the columns and each column's type, so every sample has one schema. Every row problem is
        // found here, before anything is written.
        var (columns, types) = Survey(source, layout, context, cancellationToken);
        int keyIndex = layout.KeyColumn is null ? -1 : Array.IndexOf(columns, layout.KeyColumn);

        var records = Open(source, layout, out var reader);
        using (reader)
        {
            SkipPreamble(records, layout, source);
            if (layout.Header) ReadRecord(records, source, -1);
            for (long row = 0; ; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReadRecord(records, source, row) is not { } r) yield break;
                var key = keyIndex < 0 ? row.ToString(CultureInfo.InvariantCulture) : r.Fields[keyIndex].Text;
                var sample = new Sample(key);
                for (int c = 0; c < columns.Length; c++)
                {
                    if (c == keyIndex && columns[c] == Sample.KeyField) continue;
                    try
                    {
                        sample[columns[c]] = TableValues.FromCsv(r.Fields[c], types[c]);
                    }
                    catch (FormatException e)
                    {
                        throw new ConversionException(ConversionError.BadRow,
                            $"column '{columns[c]}' is declared {types[c].ToString().ToLowerInvariant()} (ColumnTypes), but {e.Message}", source.Name, $"line {r.Line}");
                    }
                }
                yield return sample;
            }
        }
    }

    private static (string[] Columns, ColumnType[] Types) Survey(ConversionSource source, Layout layout, ConversionContext context, CancellationToken cancellationToken)
    {
        var records = Open(source, layout, out var reader);
        using var open = reader;
        SkipPreamble(records, layout, source);
        string[] columns;
        int headerLine = 1 + (int)layout.SkipRows;
        if (layout.Header)
        {
            var header = ReadRecord(records, source, -1) ?? throw new ConversionException(ConversionError.BadRow, "the table is empty: no header row", source.Name, $"line {headerLine}");
            headerLine = header.Line;
            columns = layout.ColumnNames ?? [.. header.Fields.Select(f => f.Text)];
            if (layout.ColumnNames is not null && columns.Length != header.Fields.Count)
                throw ConversionContext.Invalid($"ColumnNames names {columns.Length} columns, but the header row of '{source.Name}' (line {header.Line}) has {header.Fields.Count}");
            if (layout.ColumnNames is null && header.Fields.Where(f => !f.Quoted).Select(f => f.Text).Where(t => TableValues.TypeOf(new CsvRecordReader.Field(t, false), out _) is ColumnType.Int or ColumnType.Float).ToList() is { Count: > 0 } numeric)
                context.Warn(ConversionWarningKind.ValueDoesNotFit, $"source '{source.Name}': line {header.Line}: the header row names columns {string.Join(", ", numeric.Select(n => $"'{n}'"))}, which are numbers: if that row is data or metadata, set Header=\"false\" (or SkipRows) and ColumnNames");
        }
        else
        {
            columns = layout.ColumnNames!;
        }
        if (columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw new ConversionException(ConversionError.BadRow, $"the column name '{duplicate.Key}' appears twice in the header", source.Name, $"line {headerLine}");
        if (layout.KeyColumn is { } keyColumn && !columns.Contains(keyColumn))
            throw ConversionContext.Invalid($"KeyColumn '{keyColumn}' is not a column of '{source.Name}' (columns: {string.Join(", ", columns)})");
        if (layout.KeyColumn is null && columns.Contains(Sample.KeyField))
            throw ConversionContext.Invalid($"'{source.Name}' has a column named 'key'; set KeyColumn=\"key\" to use it as the key");
        foreach (var declared in layout.DeclaredTypes.Keys.Where(d => !columns.Contains(d)))
            throw ConversionContext.Invalid($"ColumnTypes names '{declared}', which is not a column of '{source.Name}' (columns: {string.Join(", ", columns)})");
        int keyIndex = layout.KeyColumn is null ? -1 : Array.IndexOf(columns, layout.KeyColumn);

        var types = new ColumnType[columns.Length];
        var misfits = new string?[columns.Length];
        long count = 0;
        for (long row = 0; ; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadRecord(records, source, row) is not { } r) break;
            count++;
            if (r.Fields.Count != columns.Length)
                throw new ConversionException(ConversionError.BadRow,
                    $"the row has {r.Fields.Count} fields, {(layout.Header && layout.ColumnNames is null ? "the header has" : "ColumnNames names")} {columns.Length}"
                    + (row == 0 && layout.SkipRows == 0 ? " (if the first rows are metadata, skip them with SkipRows; without a header row, set Header=\"false\" and ColumnNames)" : ""),
                    source.Name, $"line {r.Line}");
            if (keyIndex >= 0 && r.Fields[keyIndex].Text.Length == 0)
                throw new ConversionException(ConversionError.BadRow, $"the key column '{layout.KeyColumn}' is empty", source.Name, $"line {r.Line}");
            for (int c = 0; c < columns.Length; c++)
            {
                if (layout.DeclaredTypes.ContainsKey(columns[c])) continue;
                types[c] = TableValues.Widen(types[c], TableValues.TypeOf(r.Fields[c], out var doesNotFit));
                if (doesNotFit is not null && misfits[c] is null)
                    misfits[c] = $"source '{source.Name}': line {r.Line}: column '{columns[c]}': the value '{r.Fields[c].Text}' {doesNotFit}, so the column is kept as text";
            }
        }
        for (int c = 0; c < columns.Length; c++)
        {
            if (layout.DeclaredTypes.TryGetValue(columns[c], out var declared)) types[c] = declared;
            else if (misfits[c] is { } misfit) context.Warn(ConversionWarningKind.ValueDoesNotFit, misfit);
        }
        context.ExpectedSampleCount = count;
        return (columns, types);
    }

    private static CsvRecordReader Open(ConversionSource source, Layout layout, out StreamReader reader)
    {
        reader = new StreamReader(source.Path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        return new CsvRecordReader(reader, layout.Delimiter, source.Name);
    }

    private static void SkipPreamble(CsvRecordReader records, Layout layout, ConversionSource source)
    {
        for (long i = 0; i < layout.SkipRows; i++)
            if (ReadRecord(records, source, -1) is null)
                throw ConversionContext.Invalid($"SkipRows={layout.SkipRows}, but '{source.Name}' has only {i} rows");
    }

    private static (List<CsvRecordReader.Field> Fields, int Line)? ReadRecord(CsvRecordReader records, ConversionSource source, long row)
    {
        try
        {
            return records.Read();
        }
        catch (DecoderFallbackException e)
        {
            throw new ConversionException(ConversionError.BadRow, $"the text is not valid UTF-8: {e.Message}", source.Name, row < 0 ? "before the data" : $"data row {row}", e);
        }
    }
}
