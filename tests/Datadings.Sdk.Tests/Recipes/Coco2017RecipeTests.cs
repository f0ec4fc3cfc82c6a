using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions.Segmentation;

namespace Datadings.Sdk.Tests.Recipes;

/// <summary>
/// A real build of <c>&lt;DatasetRecipe Include="COCO2017" /&gt;</c> on a miniature of the published zips (same file
/// names, nesting and JSON schema) served on loopback, with the recipe's MD5s overridden as docs/recipes.md shows.
/// </summary>
public sealed class Coco2017RecipeTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [Fact]
    public async Task The_val_split_builds_label_images_with_the_recipes_options_and_downloads_no_training_zip()
    {
        var folder = Sdk.NewFolder("recipe-coco");
        var coco = new CocoMiniature().Image(724, 4, 3).Image(139, 4, 3);
        coco.Polygons(139, 1, [[0, 0, 2, 0, 2, 3, 0, 3]]);
        coco.Rle(139, 3, 3, 4, new uint[] { 9, 3 }, crowd: 1); // column 3
        var (images, annotations, _) = coco.WriteZips(Path.Combine(folder, "miniature"), (w, h) => PngEncoder.EncodeRgb8(new byte[w * h * 3], w, h));
        var overrides = "";
        foreach (var path in new[] { images, annotations })
        {
            var bytes = File.ReadAllBytes(path);
            Server.Serve($"coco/{Path.GetFileName(path)}", bytes);
            overrides += $"""<DatasetSource Include="COCO2017/{Path.GetFileName(path)}" Md5="{TestBytes.Md5(bytes)}" />""" + "\n";
        }
        var project = WriteDataProject(folder, "data", $"""
            <DatasetRecipe Include="COCO2017" Splits="val" Mirror="{Server.Url("coco/")}" LabelMap="shared.json" Crowd="Ignore" KeepEmptyImages="false" />
            {overrides}
            """);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(project)!, "shared.json"), """
            { "ignore": 255, "classes": [ {"id": 0, "name": "void"}, {"id": 1, "name": "person"}, {"id": 2, "name": "vehicle"} ],
              "map": { "0": 0, "person": 1, "car": 2, "dog": 0 } }
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        var outputs = OutputsFrom(build.Output).ToDictionary(o => o.Dataset);
        Assert.Equal(["COCO2017-val"], outputs.Keys);
        Assert.Equal("void;person;vehicle", outputs["COCO2017-val"].ClassNames);
        Assert.Empty(Server.RequestsFor("coco/train2017.zip"));
        Assert.DoesNotContain("images.cocodataset.org", build.Output); // the mirror served everything

        using var reader = new DatasetReader(Path.Combine(DatasetsDir(project), "COCO2017-val.msgpack"));
        reader.Verify();
        Assert.Equal(["139"], reader.Keys); // 724 has no annotations and KeepEmptyImages="false"
        Assert.Equal(new ushort[] { 1, 1, 0, 255, 1, 1, 0, 255, 1, 1, 0, 255 }, PngDecoder.DecodeLabels((byte[])reader[0]["label_image"]!).Ids);
    }
}
