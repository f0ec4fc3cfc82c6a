using System.IO.Compression;
using Datadings.Conversions;
using Datadings.Conversions.Segmentation;
using Datadings.Imaging;
using Datadings.Operations;
using Datadings.Tests.Support;

namespace Datadings.Tests.Conversions.Segmentation;

public class CityscapesConverterTests
{
    // labelIds: 7 road, 26 car, 24 person, 0 unlabeled, 33 bicycle.
    private static readonly byte[] LabelIds = [7, 7, 26, 0, 24, 33];
    private static readonly string[] Keys = ["aachen_000000_000019", "aachen_000001_000019", "bochum_000000_000313"];

    private static (string Images, string Labels) Zips(TempDir dir, bool dropLabel = false, int bochumWidth = 3)
    {
        string left = dir.File("left"), gt = dir.File("gt");
        foreach (var key in Keys)
        {
            string city = key[..key.IndexOf('_')];
            int width = city == "bochum" ? bochumWidth : 3;
            Write(Path.Combine(left, "leftImg8bit/train", city, key + "_leftImg8bit.png"), PngEncoder.EncodeRgb8(new byte[width * 2 * 3], width, 2));
            if (dropLabel && key == Keys[1]) continue;
            Write(Path.Combine(gt, "gtFine/train", city, key + "_gtFine_labelIds.png"), TestPng.Gray8(LabelIds, 3, 2));
            Write(Path.Combine(gt, "gtFine/train", city, key + "_gtFine_color.png"), PngEncoder.EncodeRgb8(new byte[18], 3, 2));
        }
        Write(Path.Combine(left, "leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png"), PngEncoder.EncodeRgb8(new byte[18], 3, 2));
        string images = dir.File("leftImg8bit_trainvaltest.zip"), labels = dir.File("gtFine_trainvaltest.zip");
        ZipFile.CreateFromDirectory(left, images);
        ZipFile.CreateFromDirectory(gt, labels);
        return (images, labels);
    }

    private static void Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static List<Sample> Convert((string Images, string Labels) zips) =>
        new CityscapesConverter().Convert(new ConversionContext("cityscapes",
            [new ConversionSource("leftImg8bit_trainvaltest.zip", zips.Images), new ConversionSource("gtFine_trainvaltest.zip", zips.Labels)],
            new Dictionary<string, string> { ["ImagesSource"] = "leftImg8bit_trainvaltest.zip", ["LabelsSource"] = "gtFine_trainvaltest.zip" }), default).ToList();

    [Fact]
    public void Two_cities_in_the_two_zips_give_one_sample_per_image_with_its_label_ids_and_city()
    {
        using var dir = new TempDir();
        var samples = Convert(Zips(dir));
        Assert.Equal(Keys, samples.Select(s => s.Key));
        Assert.Equal(["aachen", "aachen", "bochum"], samples.Select(s => s["city"]));
        Assert.Equal(["key", "image", "label_image", "city"], samples[0].Keys);
        Assert.Equal(LabelIds.Select(b => (ushort)b), PngDecoder.DecodeLabels((byte[])samples[2]["label_image"]!).Ids);
    }

    [Fact]
    public void The_shipped_trainids_map_gives_the_19_benchmark_classes_and_255_for_the_rest()
    {
        var map = LabelMap.Load(Path.Combine(RepositoryRoot(), "sdk/Datadings.Sdk/LabelMaps/cityscapes-trainids.json"));
        Assert.Equal(19, map.Classes.Count);
        Assert.Equal(255, map.IgnoreId);
        var table = new PixelLabelTable(map, unknownToIgnore: false);
        var relabelled = table.Relabel(TestPng.Gray8(LabelIds, 3, 2), "k", "label_image", out _);
        Assert.Equal(new ushort[] { 0, 0, 13, 255, 11, 18 }, PngDecoder.DecodeLabels(relabelled).Ids);
        Assert.Equal("car", map.Classes[13].Name);
        Assert.Equal([0, 0, 142], map.Classes[13].Color);
    }

    [Fact]
    public void A_missing_label_image_or_a_size_mismatch_is_a_coded_error_naming_the_files()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<ConversionException>(() => Convert(Zips(dir, dropLabel: true)));
        Assert.Equal(ConversionError.SegmentationLayout, missing.Error);
        Assert.Contains("no gtFine/train/aachen/aachen_000001_000019_gtFine_labelIds.png", missing.Message);

        using var dir2 = new TempDir();
        var size = Assert.Throws<ConversionException>(() => Convert(Zips(dir2, bochumWidth: 4)));
        Assert.Equal(ConversionError.MaskSizeMismatch, size.Error);
        Assert.Contains("bochum_000000_000313_leftImg8bit.png is 4×2 but its mask gtFine/train/bochum/bochum_000000_000313_gtFine_labelIds.png is 3×2", size.Message);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Datadings.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Datadings.Build.sln) is not above the test binaries");
    }
}
