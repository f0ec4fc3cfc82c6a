using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Sdk.Tests.Derived;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions.Segmentation;

namespace Datadings.Sdk.Tests.Segmentation;

/// <summary>
/// Real builds: a COCO 2017 miniature (the published zips, a real photograph) served on loopback → the Coco converter
/// with a label map; and COCO + Cityscapes, each mapped onto one shared label space {void, person, vehicle}, merged,
/// with the class names and colours recorded on the merged dataset's DatasetOutput item.
/// </summary>
public sealed class CocoBuildTests(SdkPackageFixture sdk) : DerivedTestBase(sdk)
{
    // A real 640×427 JPEG from Debian's python3-skimage (.ci/run installs it; the test fails saying so if it is missing).
    private const string Rocket = "/usr/lib/python3/dist-packages/skimage/data/rocket.jpg";
    private const string Classes = """
        "ignore": 255,
        "classes": [ {"id": 0, "name": "void", "color": [0, 0, 0]}, {"id": 1, "name": "person", "color": [220, 20, 60]},
                     {"id": 2, "name": "vehicle", "color": [0, 0, 142]} ],
        """;

    // COCO by category name; everything else COCO has (here: dog) is void.
    private const string CocoMap = "{" + Classes + """ "map": { "0": 0, "person": 1, "car": 2, "dog": 0 } }""";

    // Cityscapes labelIds: 24 person, 26 car, 7 road, 0 unlabeled → void.
    private const string CityscapesMap = "{" + Classes + """ "map": { "0": 0, "7": 0, "24": 1, "26": 2 } }""";

    private static readonly byte[] CityscapesIds = [7, 26, 24, 0, 24, 7];

    private string Items(string folder)
    {
        var coco = new CocoMiniature().Image(139, 640, 427).Image(285, 640, 427);
        coco.Polygons(139, 1, [[100, 100, 300, 100, 300, 400, 100, 400]]);
        coco.Polygons(139, 3, [[250, 50.5, 600, 50.5, 600, 200.25]]);
        coco.Rle(285, 18, 427, 640, new uint[] { 427 * 10, 427 * 5, 427 * 625 });
        var (images, instances, _) = coco.WriteZips(Path.Combine(folder, "coco-src"), (_, _) => File.ReadAllBytes(Rocket));

        var left = Path.Combine(folder, "left.zip");
        var gt = Path.Combine(folder, "gt.zip");
        CocoMiniature.Zip(left, ("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png", PngEncoder.EncodeRgb8(new byte[18], 3, 2)));
        CocoMiniature.Zip(gt, ("gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png", PngEncoder.EncodeGray8(CityscapesIds, 3, 2)));
        return string.Join('\n',
            Served("val2017.zip", File.ReadAllBytes(images)), Served("annotations_trainval2017.zip", File.ReadAllBytes(instances)),
            Served("leftImg8bit_trainvaltest.zip", File.ReadAllBytes(left)), Served("gtFine_trainvaltest.zip", File.ReadAllBytes(gt)),
            """
            <DatasetConversion Include="coco" Converter="Coco" ImagesSource="val2017.zip" AnnotationsSource="annotations_trainval2017.zip" Split="val2017" LabelMap="coco-shared.json" />
            <DatasetConversion Include="cityscapes" Converter="Cityscapes" ImagesSource="leftImg8bit_trainvaltest.zip" LabelsSource="gtFine_trainvaltest.zip" />
            <DatasetRelabel Include="cityscapes-shared" Input="cityscapes" Map="cityscapes-shared.json" LabelField="label_image" Pixels="true" />
            <DatasetMerge Include="training" Inputs="coco;cityscapes-shared" />
            <DatasetMerge Include="mixed" Inputs="coco;cityscapes" />
            """);
    }

    [Fact]
    public async Task COCO_and_Cityscapes_merge_into_one_label_space_that_records_its_class_names_and_colours()
    {
        var folder = Sdk.NewFolder("seg-coco");
        var project = WriteDerivedProject(folder, "seg", new Dictionary<string, string> { ["coco-shared.json"] = CocoMap, ["cityscapes-shared.json"] = CityscapesMap }, Items(folder));
        var text = File.ReadAllText(project).Replace("</Project>", """
              <Target Name="ShowClasses" AfterTargets="DeriveDatasets">
                <Message Importance="high" Text="CLASSES %(DatasetOutput.DatasetName)|%(DatasetOutput.ClassNames)|%(DatasetOutput.ClassColors)" />
              </Target>
            </Project>
            """);
        File.WriteAllText(project, text);
        var result = await BuildAsync(project);
        AssertSucceeded(result);

        var classes = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("CLASSES ", StringComparison.Ordinal))
            .Select(l => l["CLASSES ".Length..].Split('|')).ToDictionary(p => p[0], p => (Names: p[1], Colors: p[2]));
        const string names = "void;person;vehicle", colors = "0,0,0;220,20,60;0,0,142";
        Assert.Equal((names, colors), classes["coco"]);
        Assert.Equal((names, colors), classes["cityscapes-shared"]);
        Assert.Equal((names, colors), classes["training"]);
        Assert.Equal(("", ""), classes["mixed"]);
        Assert.Contains("warning DD8005", result.Output);
        Assert.Contains("DatasetMerge 'mixed': its inputs record different class names ('coco': \"void;person;vehicle\", 'cityscapes': none)", result.Output);

        using var reader = new DatasetReader(Path.Combine(DatasetsDir(project), "training.msgpack"));
        reader.Verify();
        Assert.Equal(["139", "285", "aachen_000000_000019"], reader.Keys.Order(StringComparer.Ordinal));
        var samples = Enumerable.Range(0, reader.Count).Select(i => reader[i]).ToDictionary(s => s.Key);
        Assert.Equal(File.ReadAllBytes(Rocket), samples["139"]["image"]);
        var coco139 = PngDecoder.DecodeLabels((byte[])samples["139"]["label_image"]!);
        Assert.Equal((640, 427), (coco139.Width, coco139.Height));
        Assert.Equal(1, coco139.Ids[200 * 640 + 150]); // inside the person only
        Assert.Equal(2, coco139.Ids[60 * 640 + 500]);  // inside the car triangle, drawn after the person
        Assert.Equal(0, coco139.Ids[10 * 640 + 10]);   // background
        var dog = (Datadings.Msgpack.MsgpackMap)((IList<object?>)samples["285"]["objects"]!).Single()!;
        Assert.Equal(("dog", 0L), ((string)dog["category"]!, (long)dog["label"]!)); // the dog is void in the shared space
        Assert.Equal(new ushort[] { 0, 2, 1, 0, 1, 0 }, PngDecoder.DecodeLabels((byte[])samples["aachen_000000_000019"]["label_image"]!).Ids);
    }

    [Fact]
    public async Task A_bad_COCO_annotation_fails_the_build_with_its_code_file_and_ids_and_writes_nothing()
    {
        var folder = Sdk.NewFolder("seg-coco-bad");
        var coco = new CocoMiniature().Image(139, 640, 427);
        coco.Rle(139, 1, 427, 640, new uint[] { 10, 20 });
        var (images, instances, _) = coco.WriteZips(Path.Combine(folder, "coco-src"), (_, _) => File.ReadAllBytes(Rocket));
        var project = WriteDerivedProject(folder, "seg", new Dictionary<string, string>(), string.Join('\n',
            Served("val2017-bad.zip", File.ReadAllBytes(images)), Served("annotations-bad.zip", File.ReadAllBytes(instances)),
            """<DatasetConversion Include="coco" Converter="Coco" ImagesSource="val2017-bad.zip" AnnotationsSource="annotations-bad.zip" Split="val2017" />"""));
        var result = await BuildAsync(project);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("annotations-bad.zip: annotations/instances_val2017.json: image id 139, annotation id 1: its RLE counts add up to 30, not height × width = 427 × 640 = 273280", ErrorLine(result.Output, "DD8002"));
        Assert.False(File.Exists(Path.Combine(DatasetsDir(project), "coco.msgpack")));
    }

    [Fact]
    public async Task Editing_the_label_map_converts_again_with_the_new_ids()
    {
        var folder = Sdk.NewFolder("seg-coco-map");
        var coco = new CocoMiniature().Image(139, 640, 427);
        coco.Polygons(139, 3, [[0, 0, 640, 0, 640, 427, 0, 427]]);
        var (images, instances, _) = coco.WriteZips(Path.Combine(folder, "coco-src"), (_, _) => File.ReadAllBytes(Rocket));
        var project = WriteDerivedProject(folder, "seg", new Dictionary<string, string> { ["map.json"] = CocoMap }, string.Join('\n',
            Served("val2017-map.zip", File.ReadAllBytes(images)), Served("annotations-map.zip", File.ReadAllBytes(instances)),
            """<DatasetConversion Include="coco" Converter="Coco" ImagesSource="val2017-map.zip" AnnotationsSource="annotations-map.zip" Split="val2017" LabelMap="map.json" />"""));
        ushort FirstPixel()
        {
            using var reader = new DatasetReader(Path.Combine(DatasetsDir(project), "coco.msgpack"));
            return PngDecoder.DecodeLabels((byte[])reader[0]["label_image"]!).Ids[0];
        }

        AssertSucceeded(await BuildAsync(project));
        Assert.Equal(2, FirstPixel()); // car → vehicle
        var unchanged = await BuildAsync(project);
        Assert.Empty(Converted(unchanged.Output));

        File.WriteAllText(Path.Combine(Path.GetDirectoryName(project)!, "map.json"), CocoMap.Replace("\"car\": 2", "\"car\": 1"));
        var edited = await BuildAsync(project);
        AssertSucceeded(edited);
        Assert.Equal(["coco"], Converted(edited.Output));
        Assert.Equal(1, FirstPixel());
    }
}
