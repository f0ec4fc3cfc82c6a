using System.Text;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// Which part each sample of a split went to, as a reviewable CSV file: a header <c>key,part</c>, then one line per
/// key (RFC 4180 quoting for keys with commas, quotes or line breaks). Part names are those of
/// <see cref="SplitOptions.PartNames"/>.
/// </summary>
public sealed class SplitAssignment
{
    public const string Header = "key,part";

    /// <summary>Key → part name, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    public SplitAssignment(IReadOnlyList<KeyValuePair<string, string>> entries) => Entries = entries;

    /// <summary>The entries as a dictionary, duplicates already rejected at parse time.</summary>
    public Dictionary<string, string> ToDictionary() => Entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public string Format()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (key, part) in Entries)
            text.Append(Quote(key)).Append(',').Append(Quote(part)).Append('\n');
        return text.ToString();
    }

    public void Write(string path, bool overwrite) => AtomicFile.WriteAllText(path, Format(), overwrite);

    public static SplitAssignment Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the assignment file {path} does not exist", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    public static SplitAssignment Parse(string text, string source)
    {
        var records = ParseRecords(text, source);
        if (records.Count == 0 || records[0].Fields.Count != 2 || records[0].Fields[0] != "key" || records[0].Fields[1] != "part")
            throw new InvalidDataException($"{source}: line 1: an assignment file starts with the header \"{Header}\"");
        var entries = new List<KeyValuePair<string, string>>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != 2) throw new InvalidDataException($"{source}: line {line}: expected two fields (key,part), found {fields.Count}");
            if (!lines.TryAdd(fields[0], line))
                throw new InvalidDataException($"{source}: line {line}: the key \"{fields[0]}\" is already assigned on line {lines[fields[0]]}");
            entries.Add(new(fields[0], fields[1]));
        }
        return new SplitAssignment(entries);
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static List<(int Line, List<string> Fields)> ParseRecords(string text, string source)
    {
        var records = new List<(int, List<string>)>();
        int line = 1, i = 0;
        while (i < text.Length)
        {
            int recordLine = line;
            var fields = new List<string>();
            while (true)
            {
                var field = new StringBuilder();
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length) throw new InvalidDataException($"{source}: line {recordLine}: a quoted field is not closed");
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        if (text[i] == '"') { i++; break; }
                        if (text[i] == '\n') line++;
                        field.Append(text[i++]);
                    }
                }
                while (i < text.Length && text[i] is not (',' or '\n' or '\r')) field.Append(text[i++]);
                fields.Add(field.ToString());
                if (i < text.Length && text[i] == ',') { i++; continue; }
                break;
            }
            if (i < text.Length && text[i] == '\r') i++;
            if (i < text.Length && text[i] == '\n') { i++; line++; }
            if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add((recordLine, fields));
        }
        return records;
    }
}
