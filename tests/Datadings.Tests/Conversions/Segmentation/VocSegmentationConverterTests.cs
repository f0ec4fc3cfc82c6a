using Datadings.Conversions;
using Datadings.Conversions.Segmentation;
using Datadings.Imaging;
using Datadings.Tests.Support;

namespace Datadings.Tests.Conversions.Segmentation;

public class VocSegmentationConverterTests
{
    private const string Root = "VOCdevkit/VOC2012/";

    // Two images of 4×3: class 15 (person) with a 255 border, class 7 (car) on background.
    private static readonly byte[] MaskA = [0, 255, 15, 15, 0, 255, 15, 15, 0, 0, 255, 255];
    private static readonly byte[] MaskB = [7, 7, 0, 0, 7, 7, 0, 0, 0, 0, 0, 0];

    private static string Tree(TempDir dir, Action<string>? damage = null)
    {
        string tree = dir.File("tree");
        void Put(string path, byte[] content)
        {
            string full = Path.Combine(tree, Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
        Put("ImageSets/Segmentation/train.txt", "2007_000032\n2007_000039\n"u8.ToArray());
        Put("ImageSets/Segmentation/val.txt", "2007_000039\n"u8.ToArray());
        Put("JPEGImages/2007_000032.jpg", TestJpeg.Header(4, 3));
        Put("JPEGImages/2007_000039.jpg", TestJpeg.Header(4, 3));
        Put("JPEGImages/2007_000099.jpg", TestJpeg.Header(4, 3)); // not segmented: not listed
        Put("SegmentationClass/2007_000032.png", TestPng.Palette(MaskA, 4, 3));
        Put("SegmentationClass/2007_000039.png", TestPng.Palette(MaskB, 4, 3));
        damage?.Invoke(Path.Combine(tree, Root));
        return ArchiveTools.Pack(tree, dir.File("VOCtrainval_11-May-2012.tar"));
    }

    private static List<Sample> Convert(string tar, string split = "train")
    {
        var context = new ConversionContext("voc", [new ConversionSource("VOCtrainval_11-May-2012.tar", tar)],
            new Dictionary<string, string> { ["Split"] = split });
        var samples = new VocSegmentationConverter().Convert(context, default).ToList();
        Assert.StartsWith("background;aeroplane;", context.OutputMetadata["ClassNames"]);
        return samples;
    }

    [Fact]
    public void The_official_tar_layout_gives_listed_ids_with_images_and_grey_class_id_masks()
    {
        using var dir = new TempDir();
        var samples = Convert(Tree(dir));

        Assert.Equal(["2007_000032", "2007_000039"], samples.Select(s => s.Key));
        Assert.Equal(["key", "image", "label_image"], samples[0].Keys);
        Assert.Equal(TestJpeg.Header(4, 3), samples[0]["image"]);
        var mask = PngDecoder.DecodeLabels((byte[])samples[0]["label_image"]!);
        Assert.False(mask.Palette);
        Assert.Equal(MaskA.Select(b => (ushort)b), mask.Ids);
        Assert.Equal(MaskB.Select(b => (ushort)b), PngDecoder.DecodeLabels((byte[])samples[1]["label_image"]!).Ids);
        Assert.Equal(["2007_000039"], Convert(Tree(new TempDir()), "val").Select(s => s.Key));
    }

    [Fact]
    public void A_missing_mask_names_the_id_the_listing_and_the_expected_path()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ConversionException>(() => Convert(Tree(dir, root => File.Delete(Path.Combine(root, "SegmentationClass/2007_000039.png")))));
        Assert.Equal(ConversionError.SegmentationLayout, e.Error);
        Assert.Contains("the mask of '2007_000039' listed in VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt is missing", e.Message);
    }

    [Fact]
    public void An_image_and_mask_of_different_sizes_are_refused()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ConversionException>(() => Convert(Tree(dir, root => File.WriteAllBytes(Path.Combine(root, "JPEGImages/2007_000032.jpg"), TestJpeg.Header(5, 3)))));
        Assert.Equal(ConversionError.MaskSizeMismatch, e.Error);
        Assert.Contains("JPEGImages/2007_000032.jpg is 5×3 but its mask", e.Message);
    }

    [Fact]
    public void A_16_bit_mask_with_an_id_above_255_is_DD8001_naming_the_entry_and_pixel()
    {
        using var dir = new TempDir();
        ushort[] ids = [0, 300, 15, 15, 0, 255, 15, 15, 0, 0, 255, 255];
        var e = Assert.Throws<ConversionException>(() => Convert(Tree(dir, root => File.WriteAllBytes(Path.Combine(root, "SegmentationClass/2007_000039.png"), TestPng.Gray16(ids, 4, 3)))));
        // Before: a bare InvalidDataException "class id 300 does not fit an 8-bit label image" (the SDK's DD2007), naming no file.
        Assert.Equal(ConversionError.SegmentationLayout, e.Error);
        Assert.Contains("VOCdevkit/VOC2012/SegmentationClass/2007_000039.png", e.Message);
        Assert.Contains("class id 300 at (x 1, y 0)", e.Message);
    }
}
