using Datadings.Conversions;
using Datadings.Conversions.Segmentation;
using Datadings.Imaging;
using Datadings.Tests.Support;

namespace Datadings.Tests.Conversions.Segmentation;

/// <summary>The COCO converter on a miniature of the 2017 zips (<see cref="CocoMiniature"/>): instances + stuff, polygons, both RLE kinds, crowd, overlap.</summary>
public sealed class CocoConverterTests : ConversionTestBase
{
    private const string InstancesFile = "annotations_trainval2017.zip: annotations/instances_val2017.json";

    /// <summary>
    /// Image 139 (8×6): a person rectangle x 0–4, y 0–3; a car rectangle x 3–7, y 2–5 after it (overlapping: the car
    /// wins, as later annotations do in pycocotools' cocoSegmentationToSegmentationMap); a crowd dog as uncompressed
    /// RLE on column 7, rows 0–1. Image 285 (5×2): stuff "road" as the compressed RLE "061M" (runs 0, 6, 1, 3).
    /// Image 632 (3×2): no annotations.
    /// </summary>
    private static CocoMiniature Miniature(out long crowdId)
    {
        var coco = new CocoMiniature().Image(632, 3, 2).Image(139, 8, 6).Image(285, 5, 2);
        coco.Polygons(139, 1, [[0, 0, 5, 0, 5, 4, 0, 4]]);
        coco.Polygons(139, 3, [[3, 2, 8, 2, 8, 6, 3, 6]]);
        crowdId = coco.Rle(139, 18, 6, 8, new uint[] { 42, 2, 4 }, crowd: 1);
        coco.Rle(285, 149, 2, 5, "061M", stuff: true);
        return coco;
    }

    private static ushort[] Expected139(ushort person, ushort car, ushort? dog, ushort background = 0)
    {
        var ids = Enumerable.Repeat(background, 48).ToArray();
        void Fill(int x0, int x1, int y0, int y1, ushort v) { for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) ids[y * 8 + x] = v; }
        Fill(0, 4, 0, 3, person);
        Fill(3, 7, 2, 5, car);
        if (dog is { } d) Fill(7, 7, 0, 1, d);
        return ids;
    }

    private List<ConversionSource> Sources(CocoMiniature coco, Func<int, int, byte[]>? image = null)
    {
        var (images, instances, stuff) = coco.WriteZips(Dir.File("coco"), image ?? TestJpeg.Header);
        return [new("val2017.zip", images), new("annotations_trainval2017.zip", instances), new("stuff_annotations_trainval2017.zip", stuff)];
    }

    private static Dictionary<string, string> Options(string annotations = "instances;stuff", string? map = null) => new()
    {
        ["ImagesSource"] = "val2017.zip", ["AnnotationsSource"] = "annotations_trainval2017.zip;stuff_annotations_trainval2017.zip",
        ["Split"] = "val2017", ["Annotations"] = annotations, ["LabelMap"] = map ?? "",
    };

    private string Map(string json)
    {
        File.WriteAllText(Dir.File("map.json"), json);
        return Dir.File("map.json");
    }

    [Fact]
    public void Instances_and_stuff_become_label_images_in_annotation_order_with_object_lists_by_image_id()
    {
        var coco = Miniature(out long crowdId);
        var result = Convert(new CocoConverter(), Sources(coco), Options());
        Assert.Equal(3, result.SampleCount);

        var samples = Read();
        Assert.Equal(["139", "285", "632"], samples.Select(s => s.Key));
        Assert.Equal(["key", "image", "label_image", "objects"], samples[0].Keys);
        Assert.Equal(TestJpeg.Header(8, 6), samples[0]["image"]);
        Assert.Equal(Expected139(person: 1, car: 3, dog: 18), PngDecoder.DecodeLabels((byte[])samples[0]["label_image"]!).Ids);
        // "061M": runs 0, 6, 1, 3 column-major on 2 rows → columns 0–2, then (3, row 1), then column 4.
        Assert.Equal(new ushort[] { 149, 149, 149, 0, 149, 149, 149, 149, 149, 149 }, PngDecoder.DecodeLabels((byte[])samples[1]["label_image"]!).Ids);
        Assert.Equal(new ushort[6], PngDecoder.DecodeLabels((byte[])samples[2]["label_image"]!).Ids);

        var objects = ((IList<object?>)samples[0]["objects"]!).Cast<Datadings.Msgpack.MsgpackMap>().ToList();
        Assert.Equal(["person", "car", "dog"], objects.Select(o => o["category"]));
        Assert.Equal(new object?[] { 1L, 3L, 18L }, objects.Select(o => o["category_id"]));
        Assert.Equal(new object?[] { 0L, 0L, 1L }, objects.Select(o => o["iscrowd"]));
        Assert.Equal(crowdId, objects[2]["id"]);
        Assert.Equal(new object?[] { 473.07, 395.93, 38.65, 28.67 }, (IList<object?>)objects[0]["bbox"]!);
        Assert.Equal(702.1057, objects[0]["area"]);
        Assert.Empty((IList<object?>)samples[2]["objects"]!);
        // Without a map the ids are COCO's category ids, named by id from both files' "categories".
        var names = Context!.OutputMetadata["ClassNames"].Split(';');
        Assert.Equal(184, names.Length);
        Assert.Equal(("unlabeled", "person", "", "car", "dog", "road", "other"), (names[0], names[1], names[2], names[3], names[18], names[149], names[183]));
    }

    [Fact]
    public void A_label_map_by_name_and_id_remaps_pixels_crowds_go_to_ignore_and_empty_images_can_be_dropped()
    {
        var coco = Miniature(out _);
        string map = Map("""
            { "ignore": 255,
              "classes": [ {"id": 0, "name": "void", "color": [0, 0, 0]}, {"id": 1, "name": "person", "color": [220, 20, 60]},
                           {"id": 2, "name": "vehicle", "color": [0, 0, 142]}, {"id": 3, "name": "ground"} ],
              "map": { "0": 0, "person": 1, "car": 2, "dog": 1, "149": 3 } }
            """);
        var options = Options(map: map);
        options["Crowd"] = "Ignore";
        options["KeepEmptyImages"] = "false";
        Convert(new CocoConverter(), Sources(coco), options);

        var samples = Read();
        Assert.Equal(["139", "285"], samples.Select(s => s.Key));
        Assert.Equal(Expected139(person: 1, car: 2, dog: 255), PngDecoder.DecodeLabels((byte[])samples[0]["label_image"]!).Ids);
        Assert.Equal(3, PngDecoder.DecodeLabels((byte[])samples[1]["label_image"]!).Ids[0]);
        var objects = ((IList<object?>)samples[0]["objects"]!).Cast<Datadings.Msgpack.MsgpackMap>();
        Assert.Equal(new object?[] { 1L, 2L, 255L }, objects.Select(o => o["label"]));
        Assert.Equal("void;person;vehicle;ground", Context!.OutputMetadata["ClassNames"]);
        Assert.Equal("0,0,0;220,20,60;0,0,142;", Context.OutputMetadata["ClassColors"]);
    }

    [Fact]
    public void Crowd_regions_can_be_left_unpainted_as_pycocotools_does_by_default()
    {
        var options = Options("instances");
        options["Crowd"] = "Skip";
        Convert(new CocoConverter(), Sources(Miniature(out _)), options);
        Assert.Equal(Expected139(person: 1, car: 3, dog: null), PngDecoder.DecodeLabels((byte[])Read()[0]["label_image"]!).Ids);
    }

    [Fact]
    public void An_annotation_for_a_missing_image_is_DD8002_naming_file_image_and_annotation()
    {
        var coco = Miniature(out _);
        long id = coco.Polygons(999, 1, [[0, 0, 1, 0, 1, 1]]);
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.BadAnnotation);
        Assert.Equal($"{InstancesFile}: image id 999, annotation id {id}: its image id 999 is not in \"images\"", e.Message);
    }

    [Theory]
    [InlineData(1e308, "x 1E+308, number 3")]   // before: DD2007, OverflowException from the outline walk
    [InlineData(-1e9, "x -1000000000, number 3")] // before: a 5-billion-point outline (out of memory)
    public void A_polygon_coordinate_far_outside_its_image_is_DD8002_not_an_overflow(double x, string named)
    {
        var coco = Miniature(out _);
        long id = coco.Polygons(139, 1, [[0, 0, x, 0, 1, 1]]);
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.BadAnnotation);
        Assert.StartsWith($"{InstancesFile}: image id 139, annotation id {id}: a polygon coordinate ({named}) is more than one image size outside the ", e.Message);
    }

    [Fact]
    public void A_negative_RLE_count_is_reported_at_its_place_in_the_file_not_in_the_list()
    {
        var coco = Miniature(out _);
        coco.Rle(139, 1, 426, 640, new object[] { 6, -3, 272634 });
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.SegmentationLayout);
        // Before: "…at line 1, byte 7: The JSON value could not be converted to System.UInt32. Path: $[1]": the position
        // and path of a nested deserializer, relative to the counts list.
        Assert.Contains("RLE \"counts\" holds -3 at position 1, not a whole number", e.Message);
        Assert.DoesNotContain("$[1]", e.Message);
        var position = System.Text.RegularExpressions.Regex.Match(e.Message, @"at line (\d+), byte (\d+)");
        Assert.True(position.Success, e.Message);
        var json = CocoMiniature.Json(coco.Images, coco.Instances, CocoMiniature.ThingCategories);
        var line = json.Split('\n')[int.Parse(position.Groups[1].Value) - 1];
        Assert.Contains("-3", line[..int.Parse(position.Groups[2].Value)]);
    }

    [Fact]
    public void An_image_id_listed_twice_in_one_file_is_DD8002_not_a_silently_dropped_image()
    {
        var coco = Miniature(out _);
        var twin = (System.Text.Json.Nodes.JsonObject)coco.Images[0].DeepClone();
        twin["file_name"] = "000000999999.jpg";
        coco.Images.Add(twin);
        // Before: converted, the second file never read and no sample for it.
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.BadAnnotation);
        Assert.Contains($"image id {coco.Images[0]["id"]} is listed twice in \"images\"", e.Message);
        Assert.Contains("000000999999.jpg", e.Message);
    }

    [Fact]
    public void A_polygon_with_an_odd_number_of_coordinates_is_DD8002()
    {
        var coco = Miniature(out _);
        long id = coco.Polygons(139, 1, [[0, 0, 1, 0, 1, 1], [0, 0, 2, 0, 2]]);
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.BadAnnotation);
        Assert.Equal($"{InstancesFile}: image id 139, annotation id {id}: a polygon has an odd number of coordinates (5)", e.Message);
    }

    [Theory]
    [InlineData(new uint[] { 42, 2, 3 }, "add up to 47, not height × width = 6 × 8 = 48")]
    [InlineData(null, "its RLE counts text is malformed")]
    public void RLE_counts_that_do_not_cover_the_image_are_DD8002(uint[]? counts, string expected)
    {
        var coco = Miniature(out _);
        long id = coco.Rle(139, 18, 6, 8, (object?)counts ?? "0f");
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.BadAnnotation);
        Assert.StartsWith($"{InstancesFile}: image id 139, annotation id {id}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_category_the_label_map_does_not_list_is_DD8004()
    {
        string map = Map("""{ "map": { "0": 0, "person": 1, "car": 2, "road": 3 } }""");
        var e = Fails(new CocoConverter(), Sources(Miniature(out long crowdId)), Options(map: map), ConversionError.UnknownClass);
        Assert.Equal($"{InstancesFile}: image id 139, annotation id {crowdId}: its category \"dog\" (id 18) is not in the label map (by name or id); map it, or set UnknownLabels=\"Ignore\"", e.Message);
    }

    [Fact]
    public void An_image_whose_size_differs_from_its_annotations_is_DD8003()
    {
        var e = Fails(new CocoConverter(), Sources(Miniature(out _), (w, h) => TestJpeg.Header(w == 8 ? 9 : w, h)), Options(), ConversionError.MaskSizeMismatch);
        Assert.Equal("source 'val2017.zip': entry 'val2017/000000000139.jpg': the image of image id 139 is 9×6 but its annotations say 8×6", e.Message);
    }

    [Fact]
    public void An_RLE_whose_size_differs_from_its_image_is_DD8003()
    {
        var coco = Miniature(out _);
        long id = coco.Rle(285, 149, 5, 2, new uint[] { 10 }, stuff: true);
        var e = Fails(new CocoConverter(), Sources(coco), Options(), ConversionError.MaskSizeMismatch);
        Assert.Equal($"stuff_annotations_trainval2017.zip: annotations/stuff_val2017.json: image id 285, annotation id {id}: its RLE \"size\" is [5, 2] (height, width) but the image is 2×5 (h×w)", e.Message);
    }

    [Fact]
    public void A_missing_image_file_is_DD8001()
    {
        var coco = Miniature(out _);
        var sources = Sources(coco);
        CocoMiniature.Zip(sources[0].Path, ("val2017/000000000139.jpg", TestJpeg.Header(8, 6)));
        var e = Fails(new CocoConverter(), sources, Options(), ConversionError.SegmentationLayout);
        Assert.Equal("source 'val2017.zip': the image of image id 285 is missing: no val2017/000000000285.jpg", e.Message);
    }
}
