using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Datadings.Conversions;

/// <summary>
/// JSON Lines (one JSON object per line; blank lines are skipped) → one sample per object: <c>key</c>, then the
/// object's properties in order, with JSON types (<see cref="TableValues.FromJson"/>). Options: Source, KeyColumn
/// (a property holding a string or an integer; else the 0-based row number is the key).
/// </summary>
public sealed class JsonLinesConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken) =>
        Rows(context.Source(), context.Option("KeyColumn"), cancellationToken);

    private static IEnumerable<Sample> Rows(ConversionSource source, string? keyColumn, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(source.Path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        long row = 0;
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
            yield return ToSample(content, row++, line, keyColumn, source.Name);
        }
    }

    private static Sample ToSample(string content, long row, int line, string? keyColumn, string sourceName)
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
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConversionException(ConversionError.BadRow, $"each line must be a JSON object, this one is {root.ValueKind}", sourceName, $"line {line}");
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
                sample[property.Name] = TableValues.FromJson(property.Value);
            }
            return sample;
        }
    }
}
