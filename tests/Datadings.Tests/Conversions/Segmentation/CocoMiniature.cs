using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Datadings.Tests.Conversions.Segmentation;

/// <summary>
/// A COCO 2017 miniature in the published layout: <c>val2017.zip</c> (<c>val2017/000000000139.jpg</c>, …),
/// <c>annotations_trainval2017.zip</c> (<c>annotations/instances_val2017.json</c>) and
/// <c>stuff_annotations_trainval2017.zip</c> (<c>annotations/stuff_val2017.json</c>), with every member of the
/// published JSON schema (info, licenses, images with coco_url/flickr_url/date_captured, annotations, categories
/// with supercategory) so the converter is tested against what it will meet.
/// </summary>
public sealed class CocoMiniature
{
    public readonly List<JsonObject> Images = [];
    public readonly List<JsonObject> Instances = [];
    public readonly List<JsonObject> Stuff = [];
    private long _nextAnnotationId = 1;

    public static readonly (long Id, string Name, string Super)[] ThingCategories = [(1, "person", "person"), (3, "car", "vehicle"), (18, "dog", "animal")];
    public static readonly (long Id, string Name, string Super)[] StuffCategories = [(149, "road", "ground"), (157, "sky-other", "sky"), (183, "other", "other")];

    public CocoMiniature Image(long id, int width, int height)
    {
        Images.Add(new JsonObject
        {
            ["license"] = 3, ["file_name"] = $"{id:D12}.jpg", ["coco_url"] = $"http://images.cocodataset.org/val2017/{id:D12}.jpg",
            ["height"] = height, ["width"] = width, ["date_captured"] = "2013-11-14 17:02:52",
            ["flickr_url"] = "http://farm7.staticflickr.com/6116/6255196340_da26cf2c9e_z.jpg", ["id"] = id,
        });
        return this;
    }

    /// <summary>An annotation with polygons <c>[[x, y, …], …]</c>; returns its id.</summary>
    public long Polygons(long imageId, long categoryId, double[][] polygons, int crowd = 0, bool stuff = false) =>
        Add(imageId, categoryId, JsonSerializer.SerializeToNode(polygons)!, crowd, stuff);

    /// <summary>An RLE annotation, counts as text (compressed) or a list (uncompressed).</summary>
    public long Rle(long imageId, long categoryId, int height, int width, object counts, int crowd = 0, bool stuff = false) =>
        Add(imageId, categoryId, new JsonObject { ["size"] = new JsonArray(height, width), ["counts"] = JsonSerializer.SerializeToNode(counts) }, crowd, stuff);

    private long Add(long imageId, long categoryId, JsonNode segmentation, int crowd, bool stuff)
    {
        long id = stuff ? 10_000_000 + _nextAnnotationId++ : _nextAnnotationId++;
        (stuff ? Stuff : Instances).Add(new JsonObject
        {
            ["segmentation"] = segmentation, ["area"] = 702.1057, ["iscrowd"] = crowd, ["image_id"] = imageId,
            ["bbox"] = new JsonArray(473.07, 395.93, 38.65, 28.67), ["category_id"] = categoryId, ["id"] = id,
        });
        return id;
    }

    public static string Json(IEnumerable<JsonObject> images, IEnumerable<JsonObject> annotations, (long Id, string Name, string Super)[] categories) =>
        new JsonObject
        {
            ["info"] = new JsonObject { ["description"] = "COCO 2017 Dataset", ["url"] = "http://cocodataset.org", ["version"] = "1.0", ["year"] = 2017, ["contributor"] = "COCO Consortium", ["date_created"] = "2017/09/01" },
            ["licenses"] = new JsonArray(new JsonObject { ["url"] = "http://creativecommons.org/licenses/by-nc-sa/2.0/", ["id"] = 1, ["name"] = "Attribution-NonCommercial-ShareAlike License" }),
            ["images"] = new JsonArray([.. images.Select(i => i.DeepClone())]),
            ["annotations"] = new JsonArray([.. annotations.Select(a => a.DeepClone())]),
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)new JsonObject { ["supercategory"] = c.Super, ["id"] = c.Id, ["name"] = c.Name })]),
        }.ToJsonString();

    /// <summary>Writes the three zips into <paramref name="directory"/>; <paramref name="image"/> gives each image's bytes by (width, height).</summary>
    public (string Images, string Annotations, string StuffAnnotations) WriteZips(string directory, Func<int, int, byte[]> image, string split = "val2017")
    {
        Directory.CreateDirectory(directory);
        string images = Path.Combine(directory, $"{split}.zip"), instances = Path.Combine(directory, "annotations_trainval2017.zip"), stuff = Path.Combine(directory, "stuff_annotations_trainval2017.zip");
        Zip(images, [.. Images.Select(i => ($"{split}/{(string)i["file_name"]!}", image((int)i["width"]!, (int)i["height"]!)))]);
        Zip(instances, ($"annotations/instances_{split}.json", System.Text.Encoding.UTF8.GetBytes(Json(Images, Instances, ThingCategories))),
            ($"annotations/captions_{split}.json", "{}"u8.ToArray()));
        Zip(stuff, ($"annotations/stuff_{split}.json", System.Text.Encoding.UTF8.GetBytes(Json(Images, Stuff, StuffCategories))));
        return (images, instances, stuff);
    }

    public static void Zip(string path, params (string Name, byte[] Content)[] entries)
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }
}
