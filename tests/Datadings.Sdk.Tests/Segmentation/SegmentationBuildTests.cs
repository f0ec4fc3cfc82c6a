using System.IO.Compression;
using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Sdk.Tests.Derived;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Segmentation;

/// <summary>Real builds: Cityscapes zips served on loopback → conversion → pixel relabel with the SDK's shipped trainIds map.</summary>
public sealed class SegmentationBuildTests(SdkPackageFixture sdk) : DerivedTestBase(sdk)
{
    // labelIds 7 road, 26 car, 24 person, 0 unlabeled, 33 bicycle, 11 building → trainIds 0, 13, 11, 255, 18, 2.
    private static readonly byte[] LabelIds = [7, 26, 24, 0, 33, 11];

    private static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    private string Sources(bool dropLabel)
    {
        string[] keys = ["aachen_000000_000019", "bochum_000000_000313"];
        var images = Zip([.. keys.Select(k => ($"leftImg8bit/train/{k[..k.IndexOf('_')]}/{k}_leftImg8bit.png", PngEncoder.EncodeRgb8(new byte[18], 3, 2)))]);
        var labels = Zip([.. keys.Skip(dropLabel ? 1 : 0).Select(k => ($"gtFine/train/{k[..k.IndexOf('_')]}/{k}_gtFine_labelIds.png", PngEncoder.EncodeGray8(LabelIds, 3, 2)))]);
        string suffix = dropLabel ? "-bad" : "";
        return Served($"leftImg8bit_trainvaltest{suffix}.zip", images) + "\n" + Served($"gtFine_trainvaltest{suffix}.zip", labels) + $"""

            <DatasetConversion Include="cityscapes" Converter="Cityscapes" ImagesSource="leftImg8bit_trainvaltest{suffix}.zip" LabelsSource="gtFine_trainvaltest{suffix}.zip" />
            <DatasetRelabel Include="cityscapes-train" Input="cityscapes" Map="$(DatadingsLabelMaps)cityscapes-trainids.json" LabelField="label_image" Pixels="true" ColorField="label_color" />
            """;
    }

    [Fact]
    public async Task Cityscapes_zips_convert_and_relabel_to_train_ids_with_colours()
    {
        var project = WriteDerivedProject(Sdk.NewFolder("seg-cityscapes"), "seg", new Dictionary<string, string>(), Sources(dropLabel: false));
        var result = await BuildAsync(project);
        AssertSucceeded(result);

        using var reader = new DatasetReader(Path.Combine(DatasetsDir(project), "cityscapes-train.msgpack"));
        reader.Verify();
        Assert.Equal(["aachen_000000_000019", "bochum_000000_000313"], reader.Keys);
        var sample = reader[1];
        Assert.Equal(["key", "image", "label_image", "label_color", "city"], sample.Keys);
        Assert.Equal("bochum", sample["city"]);
        Assert.Equal(new ushort[] { 0, 13, 11, 255, 18, 2 }, PngDecoder.DecodeLabels((byte[])sample["label_image"]!).Ids);
        var color = PngDecoder.Decode((byte[])sample["label_color"]!);
        Assert.Equal(new byte[] { 128, 64, 128, 0, 0, 142 }, color.Pixels[..6]); // road, car in the official colours
    }

    [Fact]
    public async Task A_missing_label_image_fails_the_build_with_DD8001_and_writes_nothing()
    {
        var project = WriteDerivedProject(Sdk.NewFolder("seg-bad"), "seg", new Dictionary<string, string>(), Sources(dropLabel: true));
        var result = await BuildAsync(project);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png", ErrorLine(result.Output, "DD8001"));
        Assert.False(File.Exists(Path.Combine(DatasetsDir(project), "cityscapes.msgpack")));
        Assert.False(File.Exists(Path.Combine(DatasetsDir(project), "cityscapes-train.msgpack")));
    }
}
