using System.Text;

namespace Datadings.Conversions;

/// <summary>
/// Reads RFC 4180 records one at a time: fields separated by one delimiter character, optionally in double quotes
/// (a quoted field may hold delimiters, line breaks and doubled quotes). Remembers whether a field was quoted, because
/// a quoted field is always text. Records end at CRLF, LF or CR, like Python's csv module; line breaks inside a
/// quoted field are kept exactly as written (CR, LF or CRLF), as RFC 4180 and Python's csv keep them.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter, string sourceName)
{
    private int _line = 1;
    private int _peeked = -2;

    public readonly record struct Field(string Text, bool Quoted);

    /// <summary>The next record and the line it starts on, or null at the end. Blank lines are skipped.</summary>
    public (List<Field> Fields, int Line)? Read()
    {
        int c;
        // Blank lines (any line-break style) separate nothing.
        while ((c = Peek()) is '\r' or '\n') ReadLineBreak();
        if (c < 0) return null;

        int startLine = _line;
        var fields = new List<Field>();
        var current = new StringBuilder();
        while (true)
        {
            if (Peek() == '"')
            {
                Next();
                int quoteLine = _line;
                while (true)
                {
                    c = Next();
                    if (c < 0)
                        throw new ConversionException(ConversionError.BadRow,
                            $"a quoted field (field {fields.Count + 1}, opened on line {quoteLine}) is not closed before the end of the file", sourceName, $"line {startLine}");
                    if (c == '"')
                    {
                        if (Peek() == '"') { Next(); current.Append('"'); continue; }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && Peek() != '\n')) _line++;
                    current.Append((char)c);
                }
                c = Peek();
                if (c >= 0 && c != delimiter && c != '\r' && c != '\n')
                    throw new ConversionException(ConversionError.BadRow,
                        $"unexpected '{(char)c}' after the closing quote of field {fields.Count + 1}", sourceName, $"line {_line}");
                fields.Add(new Field(current.ToString(), true));
            }
            else
            {
                while ((c = Peek()) >= 0 && c != delimiter && c != '\r' && c != '\n') current.Append((char)Next());
                fields.Add(new Field(current.ToString(), false));
            }
            current.Clear();
            c = Peek();
            if (c == delimiter)
            {
                Next();
                continue; // a trailing delimiter ends with an empty field, added by the next round
            }
            if (c >= 0) ReadLineBreak();
            return (fields, startLine);
        }
    }

    private void ReadLineBreak()
    {
        if (Next() == '\r' && Peek() == '\n') Next();
        _line++;
    }

    private int Peek()
    {
        if (_peeked == -2) _peeked = reader.Read();
        return _peeked;
    }

    private int Next()
    {
        int c = Peek();
        _peeked = -2;
        return c;
    }
}
