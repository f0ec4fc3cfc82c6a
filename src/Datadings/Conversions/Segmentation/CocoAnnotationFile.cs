using System.Text.Json;
using System.Text.Json.Serialization;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// The parts of a COCO annotation file (<c>instances_*.json</c>, <c>stuff_*.json</c>; schema at
/// https://cocodataset.org/#format-data) that the converter uses. Other members (<c>info</c>, <c>licenses</c>,
/// <c>coco_url</c>, …) are skipped while reading. The file is read as a stream, so the 448 MB
/// <c>instances_train2017.json</c> never sits in memory as text; its annotations do, as numbers.
/// </summary>
internal sealed class CocoAnnotationFile
{
    [JsonPropertyName("images")] public List<CocoImage> Images { get; set; } = [];
    [JsonPropertyName("annotations")] public List<CocoAnnotation> Annotations { get; set; } = [];
    [JsonPropertyName("categories")] public List<CocoCategory> Categories { get; set; } = [];

    public static CocoAnnotationFile Read(Stream json) =>
        JsonSerializer.Deserialize<CocoAnnotationFile>(json, Options) ?? throw new JsonException("the file holds null, not a COCO annotation object");

    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}

internal sealed class CocoImage
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("file_name")] public string FileName { get; set; } = "";
    [JsonPropertyName("width")] public int Width { get; set; }
    [JsonPropertyName("height")] public int Height { get; set; }
}

internal sealed class CocoCategory
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

internal sealed class CocoAnnotation
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("image_id")] public long ImageId { get; set; }
    [JsonPropertyName("category_id")] public long CategoryId { get; set; }
    [JsonPropertyName("segmentation")] public CocoSegmentation? Segmentation { get; set; }
    [JsonPropertyName("area")] public double Area { get; set; }
    [JsonPropertyName("bbox")] public double[]? Bbox { get; set; }
    [JsonPropertyName("iscrowd")] public int IsCrowd { get; set; }
}

/// <summary>
/// An annotation's <c>segmentation</c>: a list of polygons <c>[[x1, y1, x2, y2, …], …]</c>, or an RLE
/// <c>{"size": [h, w], "counts": "…"}</c> (compressed text) or <c>{"size": [h, w], "counts": [n0, n1, …]}</c> (uncompressed).
/// </summary>
[JsonConverter(typeof(CocoSegmentationConverter))]
internal sealed class CocoSegmentation
{
    public List<double[]>? Polygons { get; init; }
    public string? CountsText { get; init; }
    public uint[]? Counts { get; init; }
    public int[]? Size { get; init; }
}

internal sealed class CocoSegmentationConverter : JsonConverter<CocoSegmentation>
{
    public override CocoSegmentation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var polygons = new List<double[]>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                polygons.Add(ReadNumbers(ref reader, "a polygon", (ref Utf8JsonReader r, out double v) => r.TryGetDouble(out v), "a number"));
            return new CocoSegmentation { Polygons = polygons };
        }
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("\"segmentation\" must be a list of polygons or an RLE object {\"size\", \"counts\"}");
        string? text = null;
        uint[]? counts = null;
        int[]? size = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "counts" when reader.TokenType == JsonTokenType.String: text = reader.GetString(); break;
                case "counts": counts = ReadNumbers(ref reader, "RLE \"counts\"", (ref Utf8JsonReader r, out uint v) => r.TryGetUInt32(out v), "a whole number 0..4294967295"); break;
                case "size": size = ReadNumbers(ref reader, "RLE \"size\"", (ref Utf8JsonReader r, out int v) => r.TryGetInt32(out v), "a whole number"); break;
                default: reader.Skip(); break;
            }
        }
        if ((text is null && counts is null) || size is not { Length: 2 })
            throw new JsonException("an RLE \"segmentation\" needs \"counts\" and \"size\": [height, width]");
        return new CocoSegmentation { CountsText = text, Counts = counts, Size = size };
    }

    private delegate bool TryGet<T>(ref Utf8JsonReader reader, out T value);

    /// <summary>
    /// A list of numbers, read here rather than by a nested <c>JsonSerializer.Deserialize</c>, whose exception would
    /// carry a position and path relative to the list (<c>line 1, byte 11, $[2]</c>) instead of the file's.
    /// </summary>
    private static T[] ReadNumbers<T>(ref Utf8JsonReader reader, string what, TryGet<T> get, string expected)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"{what} must be a list of numbers");
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !get(ref reader, out T value))
                throw new JsonException($"{what} holds {(reader.TokenType == JsonTokenType.Number ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString().ToLowerInvariant())} at position {values.Count}, not {expected}");
            values.Add(value);
        }
        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, CocoSegmentation value, JsonSerializerOptions options) =>
        throw new NotSupportedException("COCO segmentations are only read");
}
