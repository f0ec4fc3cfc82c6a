using System.Text;

namespace Datadings.Conversions;

/// <summary>
/// Reads RFC 4180 records one at a time: fields separated by one delimiter character, optionally in double quotes
/// (a quoted field may hold delimiters, newlines and doubled quotes). Remembers whether a field was quoted, because a
/// quoted field is always text. CRLF and LF line ends are both accepted.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter, string sourceName)
{
    private int _line;

    public readonly record struct Field(string Text, bool Quoted);

    /// <summary>The next record and the line it starts on, or null at the end. Blank lines are skipped.</summary>
    public (List<Field> Fields, int Line)? Read()
    {
        string? text;
        do
        {
            text = reader.ReadLine();
            _line++;
            if (text is null) return null;
        } while (text.Length == 0);

        int startLine = _line;
        var fields = new List<Field>();
        var current = new StringBuilder();
        int i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i == text.Length)
                    {
                        // The quoted field goes on in the next line.
                        text = reader.ReadLine() ?? throw new ConversionException(ConversionError.BadRow,
                            "a quoted field is not closed before the end of the file", sourceName, $"line {startLine}");
                        _line++;
                        current.Append('\n');
                        i = 0;
                        continue;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    current.Append(text[i++]);
                }
                if (i < text.Length && text[i] != delimiter)
                    throw new ConversionException(ConversionError.BadRow,
                        $"unexpected '{text[i]}' after the closing quote of field {fields.Count + 1}", sourceName, $"line {_line}");
                fields.Add(new Field(current.ToString(), true));
            }
            else
            {
                int end = text.IndexOf(delimiter, i);
                if (end < 0) end = text.Length;
                fields.Add(new Field(text[i..end], false));
                i = end;
            }
            current.Clear();
            if (i >= text.Length) return (fields, startLine);
            i++; // the delimiter
            if (i == text.Length)
            {
                fields.Add(new Field("", false)); // a trailing delimiter ends with an empty field
                return (fields, startLine);
            }
        }
    }
}
