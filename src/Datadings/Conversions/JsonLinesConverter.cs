using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Datadings.Conversions;

/// <summary>
/// JSON Lines (one JSON object per line; blank lines are skipped) → one sample per object: <c>key</c>, then the
/// object's properties in order, with JSON types (<see cref="TableValues.FromJson"/>). A top-level property that
/// holds integers in some objects and other numbers in others is a float in every sample, and numbers in a property
/// that also holds strings are text (a first pass over the file decides), so every sample has one schema. Options: Source, KeyColumn (a property holding a string or an
/// integer; else the 0-based row number is the key).
/// </summary>
public sealed class JsonLinesConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        var keyColumn = context.Option("KeyColumn");
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        var misfits = new Dictionary<string, string>(StringComparer.Ordinal);
        long count = 0;
        foreach (var (content, line) in Lines(source, cancellationToken))
        {
            count++;
            using var document = Parse(content, line, source.Name);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var type = TableValues.TypeOf(property.Value, out var doesNotFit);
                types[property.Name] = TableValues.Widen(types.GetValueOrDefault(property.Name), type);
                if (doesNotFit is not null)
                    misfits.TryAdd(property.Name, $"source '{source.Name}': line {line}: property '{property.Name}': the value {property.Value.GetRawText()} {doesNotFit}");
            }
        }
        foreach (var misfit in misfits.Values) context.Warn(ConversionWarningKind.ValueDoesNotFit, misfit);
        context.ExpectedSampleCount = count;
        return Rows(source, keyColumn, types, cancellationToken);
    }

    private static IEnumerable<Sample> Rows(ConversionSource source, string? keyColumn, Dictionary<string, ColumnType> types, CancellationToken cancellationToken)
    {
        long row = 0;
        foreach (var (content, line) in Lines(source, cancellationToken))
            yield return ToSample(content, row++, line, keyColumn, types, source.Name);
    }

    private static IEnumerable<(string Content, int Line)> Lines(ConversionSource source, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(source.Path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        for (int line = 1; ; line++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? content;
            try
            {
                content = text.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new ConversionException(ConversionError.BadRow, $"the text is not valid UTF-8: {e.Message}", source.Name, $"line {line}", e);
            }
            if (content is null) yield break;
            if (string.IsNullOrWhiteSpace(content)) continue;
            yield return (content, line);
        }
    }

    private static JsonDocument Parse(string content, int line, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new ConversionException(ConversionError.BadRow, $"not valid JSON: {e.Message}", sourceName, $"line {line}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new ConversionException(ConversionError.BadRow, $"each line must be a JSON object, this one is {kind}", sourceName, $"line {line}");
        }
        return document;
    }

    private static Sample ToSample(string content, long row, int line, string? keyColumn, Dictionary<string, ColumnType> types, string sourceName)
    {
        using (var document = Parse(content, line, sourceName))
        {
            var root = document.RootElement;
            string key = row.ToString(CultureInfo.InvariantCulture);
            if (keyColumn is not null)
            {
                if (!root.TryGetProperty(keyColumn, out var keyValue))
                    throw new ConversionException(ConversionError.BadRow, $"the object has no key property '{keyColumn}'", sourceName, $"line {line}");
                key = keyValue.ValueKind switch
                {
                    JsonValueKind.String when keyValue.GetString() is { Length: > 0 } s => s,
                    JsonValueKind.Number when keyValue.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
                    _ => throw new ConversionException(ConversionError.BadRow,
                        $"the key property '{keyColumn}' must be a non-empty string or an integer, not {keyValue.GetRawText()}", sourceName, $"line {line}"),
                };
            }
            else if (root.TryGetProperty(Sample.KeyField, out _))
            {
                throw ConversionContext.Invalid($"'{sourceName}' has objects with a 'key' property; set KeyColumn=\"key\" to use it as the key");
            }
            var sample = new Sample(key);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == Sample.KeyField) continue;
                sample[property.Name] = TableValues.FromJson(property.Value, types.GetValueOrDefault(property.Name));
            }
            return sample;
        }
    }
}
