using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Datadings.Locking;

/// <summary>
/// Reads and writes <c>datasets.lock.json</c>. Writing is canonical: keys sorted ordinally, two-space indentation,
/// '\n' line ends, a final newline; so the same lock is the same bytes on every machine and a change is a small diff.
/// Reading keeps the line of every entry, so that errors about a hand-edited lock can name the line.
/// </summary>
public static class DatasetsLockJson
{
    public static string Write(DatasetsLock lockFile)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", DatasetsLock.SchemaVersion);
            json.WriteString("sdk", lockFile.SdkVersion);
            json.WriteStartObject("sources");
            foreach (var (name, source) in Sorted(lockFile.Sources))
            {
                json.WriteStartObject(name);
                json.WriteString("md5", source.Md5);
                json.WriteNumber("size", source.Size);
                json.WriteStartArray("urls");
                foreach (var url in source.Urls) json.WriteStringValue(url);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("datasets");
            foreach (var (name, dataset) in Sorted(lockFile.Datasets))
            {
                json.WriteStartObject(name);
                json.WriteString("item", dataset.Item);
                json.WriteString("producer", dataset.Producer);
                json.WriteString("code", dataset.Code);
                json.WriteStartObject("options");
                foreach (var (key, value) in Sorted(dataset.Options)) json.WriteString(key, value);
                json.WriteEndObject();
                json.WriteStartArray("inputs");
                foreach (var input in dataset.Inputs) json.WriteStringValue(input);
                json.WriteEndArray();
                json.WriteNumber("samples", dataset.Samples);
                json.WriteStartObject("files");
                foreach (var (file, entry) in Sorted(dataset.Files))
                {
                    json.WriteStartObject(file);
                    json.WriteString("md5", entry.Md5);
                    json.WriteNumber("size", entry.Size);
                    json.WriteNumber("samples", entry.Samples);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a lock file. Throws <see cref="DatasetsLockException"/> naming the line of the first problem.</summary>
    public static DatasetsLock Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static DatasetsLock Parse(byte[] utf8, string path)
    {
        JsonNode root;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read()) throw new DatasetsLockException(LockProblem.Malformed, path, 1, "the lock file is empty; delete it and build without locked mode to write it again");
            root = JsonNode.ReadFrom(ref reader, utf8, path);
            if (reader.Read())
                throw new DatasetsLockException(LockProblem.Malformed, path, JsonNode.LineAt(utf8, (int)reader.TokenStartIndex), "expected the end of the file after the lock's closing '}'");
        }
        catch (JsonException e)
        {
            throw new DatasetsLockException(LockProblem.Malformed, path, (int)(e.LineNumber ?? 0) + 1,
                $"not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.')}); fix the line or delete the file and build without locked mode to write it again");
        }

        var top = root.Object("the lock");
        var version = top.Required("version").Integer("version");
        if (version > DatasetsLock.SchemaVersion)
            throw new DatasetsLockException(LockProblem.NewerSchema, path, top.Required("version").Line,
                $"the lock has schema version {version}, this SDK reads versions up to {DatasetsLock.SchemaVersion}; update the Datadings.Sdk version of the project to the one that wrote the lock");
        if (version < 1)
            throw top.Required("version").Inconsistent($"schema version {version} does not exist; the first is 1");

        var sources = new SortedDictionary<string, LockedSource>(StringComparer.Ordinal);
        foreach (var (name, node) in top.Required("sources").Object("\"sources\"").Properties)
        {
            var entry = node.Object($"source '{name}'");
            sources[name] = new LockedSource(entry.Required("md5").Md5($"source '{name}'"), entry.Required("size").Integer("size"),
                [.. entry.Required("urls").Array("urls").Select(u => u.String("a URL"))]) { Line = node.Line };
        }

        var datasets = new SortedDictionary<string, LockedDataset>(StringComparer.Ordinal);
        foreach (var (name, node) in top.Required("datasets").Object("\"datasets\"").Properties)
        {
            var entry = node.Object($"dataset '{name}'");
            var files = new SortedDictionary<string, LockedFile>(StringComparer.Ordinal);
            foreach (var (file, fileNode) in entry.Required("files").Object("\"files\"").Properties)
            {
                var f = fileNode.Object($"file '{file}'");
                if (file.Length == 0 || file.IndexOfAny(['/', '\\']) >= 0 || file is "." or "..")
                    throw fileNode.Inconsistent($"'{file}' is not a file name; files are named without folders, as they are beside each other in the datasets folder");
                files[file] = new LockedFile(f.Required("md5").Md5($"file '{file}'"), f.Required("size").Integer("size"), f.Required("samples").Integer("samples")) { Line = fileNode.Line };
            }
            var samples = entry.Required("samples").Integer("samples");
            if (files.Count == 0)
                throw node.Inconsistent($"dataset '{name}' lists no files; every dataset has at least one");
            if (files.Values.Sum(f => f.Samples) != samples)
                throw entry.Required("samples").Inconsistent($"dataset '{name}' has {samples} samples but its files add up to {files.Values.Sum(f => f.Samples)}");
            var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var optionLines = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, value) in entry.Required("options").Object("\"options\"").Properties)
            {
                options[key] = value.String($"option '{key}'");
                optionLines[key] = value.Line;
            }
            datasets[name] = new LockedDataset(entry.Required("item").String("item"), entry.Required("producer").String("producer"), entry.Required("code").String("code"),
                options, [.. entry.Required("inputs").Array("inputs").Select(i => i.String("an input"))], samples, files) { Line = node.Line, OptionLines = optionLines };
        }
        foreach (var (name, dataset) in datasets)
        {
            if (dataset.Inputs.FirstOrDefault(i => !datasets.ContainsKey(i)) is { } missing)
                throw new DatasetsLockException(LockProblem.Inconsistent, path, dataset.Line, $"dataset '{name}' is derived from '{missing}', which the lock does not list");
        }
        return new DatasetsLock(top.Required("sdk").String("sdk"), sources, datasets);
    }

    private static IEnumerable<KeyValuePair<string, T>> Sorted<T>(IReadOnlyDictionary<string, T> entries) =>
        entries.OrderBy(e => e.Key, StringComparer.Ordinal);

    /// <summary>A JSON value with the line it starts on: what <see cref="JsonDocument"/> would give, plus lines.</summary>
    private sealed class JsonNode
    {
        private JsonNode(JsonTokenType kind, int line, string path) { Kind = kind; Line = line; _path = path; }

        private readonly string _path;
        private string? _text;
        private List<KeyValuePair<string, JsonNode>>? _properties;
        private List<JsonNode>? _items;

        public JsonTokenType Kind { get; }
        public int Line { get; }
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Properties => _properties ?? [];

        public static int LineAt(byte[] utf8, int index) => utf8.AsSpan(0, Math.Min(index, utf8.Length)).Count((byte)'\n') + 1;

        /// <summary>Reads the value the reader is on (and everything inside it).</summary>
        public static JsonNode ReadFrom(ref Utf8JsonReader reader, byte[] utf8, string path)
        {
            var node = new JsonNode(reader.TokenType, LineAt(utf8, (int)reader.TokenStartIndex), path);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    node._properties = [];
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        var line = LineAt(utf8, (int)reader.TokenStartIndex);
                        if (node._properties.Any(p => p.Key == name))
                            throw new DatasetsLockException(LockProblem.Inconsistent, path, line, $"\"{name}\" appears twice in the same object; keep one");
                        reader.Read();
                        node._properties.Add(new(name, ReadFrom(ref reader, utf8, path)));
                    }
                    break;
                case JsonTokenType.StartArray:
                    node._items = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        node._items.Add(ReadFrom(ref reader, utf8, path));
                    break;
                case JsonTokenType.String:
                    node._text = reader.GetString();
                    break;
                default:
                    node._text = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
            }
            return node;
        }

        public JsonNode Object(string what) =>
            Kind == JsonTokenType.StartObject ? this : throw Malformed($"expected {what} to be a JSON object {{…}}");

        public IReadOnlyList<JsonNode> Array(string what) =>
            Kind == JsonTokenType.StartArray ? _items! : throw Malformed($"expected \"{what}\" to be a JSON array […]");

        public JsonNode Required(string name) =>
            Properties.FirstOrDefault(p => p.Key == name).Value ?? throw Malformed($"expected a \"{name}\" field in this object");

        public string String(string what) =>
            Kind == JsonTokenType.String ? _text! : throw Malformed($"expected {what} to be a JSON string");

        public long Integer(string what)
        {
            if (Kind != JsonTokenType.Number)
                throw Malformed($"expected \"{what}\" to be a number");
            if (!long.TryParse(_text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw Inconsistent($"\"{what}\" is {_text}; expected a whole number, 0 or more");
            return value;
        }

        public string Md5(string owner)
        {
            var text = String("md5");
            if (text.Length != 32 || !text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
                throw Inconsistent($"the MD5 of {owner} is \"{text}\"; expected 32 lowercase hex digits");
            return text;
        }

        public DatasetsLockException Malformed(string message) => new(LockProblem.Malformed, _path, Line, message);

        public DatasetsLockException Inconsistent(string message) => new(LockProblem.Inconsistent, _path, Line, message);
    }
}
