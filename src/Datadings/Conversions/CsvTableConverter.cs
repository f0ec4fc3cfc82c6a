using System.Globalization;
using System.Text;

namespace Datadings.Conversions;

/// <summary>
/// A CSV or TSV table with a header row → one sample per row: <c>key</c>, then every column by its header name,
/// typed by <see cref="TableValues.FromCsv"/>. Options: Source, KeyColumn (else the 0-based row number is the key),
/// Delimiter (default ',' for Csv, tab for Tsv; "tab" is accepted).
/// </summary>
public sealed class CsvTableConverter : ISampleConverter
{
    private readonly char _defaultDelimiter;

    private CsvTableConverter(char defaultDelimiter) => _defaultDelimiter = defaultDelimiter;

    public static CsvTableConverter Csv() => new(',');

    public static CsvTableConverter Tsv() => new('\t');

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
        return Rows(source, delimiter, context.Option("KeyColumn"), cancellationToken);
    }

    private static IEnumerable<Sample> Rows(ConversionSource source, char delimiter, string? keyColumn, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(source.Path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var records = new CsvRecordReader(text, delimiter, source.Name);
        var header = records.Read() ?? throw new ConversionException(ConversionError.BadRow, "the table is empty: no header row", source.Name, "line 1");
        var columns = header.Fields.Select(f => f.Text).ToArray();
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConversionException(ConversionError.BadRow, $"the column name '{duplicate.Key}' appears twice in the header", source.Name, $"line {header.Line}");
        int keyIndex = keyColumn is null ? -1 : Array.IndexOf(columns, keyColumn);
        if (keyColumn is not null && keyIndex < 0)
            throw ConversionContext.Invalid($"KeyColumn '{keyColumn}' is not a column of '{source.Name}' (columns: {string.Join(", ", columns)})");
        if (keyIndex < 0 && columns.Contains(Sample.KeyField))
            throw ConversionContext.Invalid($"'{source.Name}' has a column named 'key'; set KeyColumn=\"key\" to use it as the key");

        for (long row = 0; ; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (List<CsvRecordReader.Field> Fields, int Line)? record;
            try
            {
                record = records.Read();
            }
            catch (DecoderFallbackException e)
            {
                throw new ConversionException(ConversionError.BadRow, $"the text is not valid UTF-8: {e.Message}", source.Name, $"data row {row}", e);
            }
            if (record is not { } r) yield break;
            if (r.Fields.Count != columns.Length)
                throw new ConversionException(ConversionError.BadRow,
                    $"the row has {r.Fields.Count} fields, the header has {columns.Length}", source.Name, $"line {r.Line}");
            string key;
            if (keyIndex < 0)
                key = row.ToString(CultureInfo.InvariantCulture);
            else if (r.Fields[keyIndex].Text.Length == 0)
                throw new ConversionException(ConversionError.BadRow, $"the key column '{keyColumn}' is empty", source.Name, $"line {r.Line}");
            else
                key = r.Fields[keyIndex].Text;

            var sample = new Sample(key);
            for (int c = 0; c < columns.Length; c++)
            {
                if (c == keyIndex && columns[c] == Sample.KeyField) continue;
                sample[columns[c]] = TableValues.FromCsv(r.Fields[c]);
            }
            yield return sample;
        }
    }
}
