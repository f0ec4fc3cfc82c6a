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
                polygons.Add(JsonSerializer.Deserialize<double[]>(ref reader, options) ?? throw new JsonException("a polygon is null, not a list of coordinates"));
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
                case "counts": counts = JsonSerializer.Deserialize<uint[]>(ref reader, options); break;
                case "size": size = JsonSerializer.Deserialize<int[]>(ref reader, options); break;
                default: reader.Skip(); break;
            }
        }
        if ((text is null && counts is null) || size is not { Length: 2 })
            throw new JsonException("an RLE \"segmentation\" needs \"counts\" and \"size\": [height, width]");
        return new CocoSegmentation { CountsText = text, Counts = counts, Size = size };
    }

    public override void Write(Utf8JsonWriter writer, CocoSegmentation value, JsonSerializerOptions options) =>
        throw new NotSupportedException("COCO segmentations are only read");
}
