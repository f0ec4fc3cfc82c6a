using System.Globalization;
using System.Text.Json;

namespace Datadings.Operations;

/// <summary>One training class of a label map: its id, a display name and an RGB colour for visualisations.</summary>
public sealed record TrainingClass(long Id, string Name, IReadOnlyList<int>? Color);

/// <summary>
/// Maps the labels of a dataset (class names or ids) onto a few training ids, e.g. COCO's 182 classes onto
/// void/person/vehicle/animal. The JSON schema is in docs/derived.md; <see cref="Load"/> reads it.
/// </summary>
public sealed class LabelMap
{
    /// <summary>The value that sends a source label to <see cref="IgnoreId"/> in the <c>"map"</c> object.</summary>
    public const string IgnoreValue = "ignore";

    private readonly Dictionary<string, long> _trainingIds;

    public LabelMap(IReadOnlyDictionary<string, long> trainingIds, long? ignoreId = null, IReadOnlyList<TrainingClass>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(trainingIds);
        _trainingIds = new Dictionary<string, long>(trainingIds, StringComparer.Ordinal);
        IgnoreId = ignoreId;
        Classes = classes ?? [];
        Validate();
    }

    /// <summary>The training id for ignored and (on request) unknown labels; null when the map has none.</summary>
    public long? IgnoreId { get; }

    /// <summary>Names and colours of the training ids, in the file's order (may be empty).</summary>
    public IReadOnlyList<TrainingClass> Classes { get; }

    /// <summary>Metadata names under which a dataset records its classes (on the build's DatasetOutput items).</summary>
    public const string ClassNamesKey = "ClassNames", ClassColorsKey = "ClassColors";

    /// <summary>
    /// The map's classes as dataset metadata: <c>ClassNames</c> = ';'-list of names indexed by training id (empty for
    /// ids without a class), and <c>ClassColors</c> = ';'-list of <c>r,g,b</c> likewise (only when a class has a colour).
    /// Empty when the map declares no classes or an id outside 0..4096 (too sparse for a list).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClassMetadata()
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Classes.Count == 0 || Classes.Any(k => k.Id is < 0 or > 4096)) return metadata;
        int count = (int)Classes.Max(k => k.Id) + 1;
        var names = Enumerable.Repeat("", count).ToArray();
        var colors = Enumerable.Repeat("", count).ToArray();
        foreach (var k in Classes)
        {
            names[k.Id] = k.Name;
            if (k.Color is { } rgb) colors[k.Id] = string.Join(',', rgb);
        }
        metadata[ClassNamesKey] = string.Join(';', names);
        if (colors.Any(x => x.Length > 0)) metadata[ClassColorsKey] = string.Join(';', colors);
        return metadata;
    }

    /// <summary>Source labels as written in the map: class names, or integer ids in decimal.</summary>
    public IReadOnlyCollection<string> SourceLabels => _trainingIds.Keys;

    /// <summary>
    /// The training id of a sample's label value: a string is looked up as a class name, an integer (also a numpy
    /// integer scalar) by its decimal text. False for labels the map does not list and for other value types.
    /// </summary>
    public bool TryMap(object? label, out long trainingId)
    {
        trainingId = 0;
        return SourceText(label) is { } text && _trainingIds.TryGetValue(text, out trainingId);
    }

    /// <summary>The text a label value is looked up by, or null if labels of its type cannot be mapped.</summary>
    public static string? SourceText(object? label) => label switch
    {
        string s => s,
        long or ulong or int or uint or short or ushort or sbyte or byte => Convert.ToString(label, CultureInfo.InvariantCulture),
        Msgpack.NpScalar scalar when IsIntegerScalar(scalar, out var value) => value,
        _ => null,
    };

    /// <summary>Where the map was read from (its file path, or what <see cref="Parse"/> was told), for messages.</summary>
    public string? Source { get; private set; }

    /// <summary>Reads a label map file; anything that is not valid JSON of the schema names the file and the position.</summary>
    public static LabelMap Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the label map {path} does not exist", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    public static LabelMap Parse(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors count from 1.
            throw new InvalidDataException($"{source}: the label map is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", e);
        }
        using (document)
        {
            try
            {
                var map = FromJson(document.RootElement);
                map.Source = source;
                return map;
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{source}: {e.Message}", e);
            }
        }
    }

    private static LabelMap FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ArgumentException("a label map must be a JSON object with \"map\", and optionally \"ignore\" and \"classes\"");
        long? ignore = null;
        if (root.TryGetProperty("ignore", out var ignoreElement))
            ignore = Integer(ignoreElement, "\"ignore\" must be an integer training id");

        var classes = new List<TrainingClass>();
        if (root.TryGetProperty("classes", out var classesElement))
        {
            if (classesElement.ValueKind != JsonValueKind.Array) throw new ArgumentException("\"classes\" must be an array of {\"id\", \"name\", \"color\"} objects");
            foreach (var entry in classesElement.EnumerateArray())
                classes.Add(ClassFromJson(entry, classes.Count));
        }

        if (!root.TryGetProperty("map", out var mapElement) || mapElement.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("a label map needs a \"map\" object from source labels (class names or ids) to training ids");
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in mapElement.EnumerateObject())
        {
            long id = property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == IgnoreValue
                ? ignore ?? throw new ArgumentException($"\"map\" sends \"{property.Name}\" to \"ignore\" but the map has no \"ignore\" id")
                : Integer(property.Value, $"\"map\" entry \"{property.Name}\" must be an integer training id or \"ignore\"");
            if (!ids.TryAdd(property.Name, id)) throw new ArgumentException($"\"map\" lists \"{property.Name}\" twice");
        }
        return new LabelMap(ids, ignore, classes);
    }

    private static TrainingClass ClassFromJson(JsonElement entry, int position)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("id", out var id))
            throw new ArgumentException($"\"classes\"[{position}] must be an object with an integer \"id\"");
        string name = entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        List<int>? color = null;
        if (entry.TryGetProperty("color", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() != 3 || c.EnumerateArray().Any(v => !v.TryGetInt32(out int x) || x is < 0 or > 255))
                throw new ArgumentException($"\"classes\"[{position}].color must be three integers 0..255 (R, G, B)");
            color = c.EnumerateArray().Select(v => v.GetInt32()).ToList();
        }
        return new TrainingClass(Integer(id, $"\"classes\"[{position}].id must be an integer"), name, color);
    }

    private void Validate()
    {
        if (_trainingIds.Count == 0) throw new ArgumentException("the label map's \"map\" is empty; it must list at least one source label");
        var classIds = new HashSet<long>();
        foreach (var c in Classes)
        {
            if (!classIds.Add(c.Id)) throw new ArgumentException($"\"classes\" lists training id {c.Id} twice");
        }
        if (classIds.Count == 0) return;
        // With classes declared, a typo in a training id would silently create an unnamed class; refuse it.
        foreach (var (source, id) in _trainingIds)
        {
            if (id != IgnoreId && !classIds.Contains(id))
                throw new ArgumentException($"\"map\" sends \"{source}\" to training id {id}, which \"classes\" does not declare");
        }
    }

    private static long Integer(JsonElement element, string problem) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value) ? value : throw new ArgumentException(problem);

    private static bool IsIntegerScalar(Msgpack.NpScalar scalar, out string? text)
    {
        text = null;
        try
        {
            object value = scalar.ToValue();
            if (value is bool or float or double or Half or System.Numerics.Complex) return false;
            text = Convert.ToString(value, CultureInfo.InvariantCulture);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        // JsonException messages append "Path: $ | LineNumber: … | BytePositionInLine: …" (or the last two alone),
        // counted from 0; we already say where, counted from 1 as editors do.
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
