using Datadings.Conversions;
using Datadings.Conversions.Segmentation;
using Datadings.Imaging;
using Datadings.Tests.Support;
using static Datadings.Tests.Conversions.RecipeMiniatures;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Conversions;

/// <summary>The converters the recipes added (VOC classification, Places365, ADE20K, IDX inside EMNIST's zip), on
/// miniatures of the published archives, and their errors on damaged copies.</summary>
public sealed class RecipeConverterTests : ConversionTestBase
{
    [Fact]
    public void Idx_reads_emnist_images_and_labels_inside_the_zip_and_turns_them_upright()
    {
        var zip = Source("gzip.zip", EmnistZip(3, 2, "balanced", "letters"));

        Convert(new IdxConverter(), [zip], new()
        {
            ["Source"] = "gzip.zip", ["Images"] = "gzip/emnist-letters-train-images-idx3-ubyte.gz",
            ["Labels"] = "gzip/emnist-letters-train-labels-idx1-ubyte.gz", ["Transpose"] = "true",
        });

        var samples = Read();
        Assert.Equal(["0", "1", "2"], samples.Select(s => s.Key));
        Assert.Equal((long)Label(2), samples[2]["label"]);
        var image = TestPngDecoder.Decode((byte[])samples[2]["image"]!);
        // Stored column-major: the upright pixel at (row r, column c) is stored at c × 28 + r.
        Assert.Equal(Pixel(2, 5 * 28 + 1), image.Pixels[1 * 28 + 5]);
        Assert.Equal(Pixel(2, 0 * 28 + 27), image.Pixels[27 * 28 + 0]);
    }

    [Fact]
    public void Idx_names_the_missing_zip_entry_and_the_ones_there_are()
    {
        var zip = Source("gzip.zip", EmnistZip(1, 1, "digits"));
        var e = Fails(new IdxConverter(), [zip], new() { ["Source"] = "gzip.zip", ["Images"] = "gzip/emnist-mnist-train-images-idx3-ubyte.gz" }, ConversionError.IdxLayout);
        Assert.Contains("it holds no 'gzip/emnist-mnist-train-images-idx3-ubyte.gz'", e.Message);
        Assert.Contains("gzip/emnist-digits-train-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Idx_names_the_zip_entry_whose_header_is_wrong()
    {
        var zip = Source("gzip.zip", Zip(("gzip/x-images.gz", Gzip([0, 0, 8, 3, 0, 0, 0, 1])), ("gzip/x-labels.gz", IdxLabels(1, gzip: true))));
        var e = Fails(new IdxConverter(), [zip], new() { ["Source"] = "gzip.zip", ["Images"] = "gzip/x-images.gz", ["Labels"] = "gzip/x-labels.gz" }, ConversionError.IdxLayout);
        Assert.StartsWith("source 'gzip.zip' entry 'gzip/x-images.gz': header: the file ends inside the IDX header", e.Message);
    }

    [Fact]
    public void Voc_classification_gives_every_present_class_with_its_difficult_flag_in_listing_order()
    {
        var tar = Source("VOCtrainval_11-May-2012.tar", VocTar());

        Convert(new VocClassificationConverter(), [tar], new() { ["Split"] = "train" });

        var samples = Read();
        Assert.Equal(VocTrain.Keys, samples.Select(s => s.Key));
        Assert.Equal(["key", "image", "label", "difficult"], samples[0].Keys);
        Assert.Equal(TestJpeg.Header(4, 3), samples[0]["image"]);
        Assert.Equal(new object[] { 12L, 14L }, (IEnumerable<object?>)samples[0]["label"]!);
        Assert.Equal(new object[] { false, false }, (IEnumerable<object?>)samples[0]["difficult"]!);
        Assert.Equal(new object[] { 4L }, (IEnumerable<object?>)samples[1]["label"]!);
        Assert.Equal(new object[] { true }, (IEnumerable<object?>)samples[1]["difficult"]!);
        Assert.Equal(new object[] { 4L, 8L, 11L }, (IEnumerable<object?>)samples[2]["label"]!); // ascending class order
        Assert.Equal(new object[] { true, false, false }, (IEnumerable<object?>)samples[2]["difficult"]!);
        Assert.Equal(string.Join(';', VocSegmentationConverter.ClassNames.Skip(1)), Context!.OutputMetadata["ClassNames"]);
    }

    [Fact]
    public void Voc_classification_names_the_class_listing_line_that_is_malformed()
    {
        var bad = Tar([.. TarMembers(VocTar()).Select(m => m.Name.EndsWith("dog_train.txt") ? (m.Name, "2008_000008 -1\n2008_000015 yes\n"u8.ToArray()) : m)]);
        var e = Fails(new VocClassificationConverter(), [Source("voc.tar", bad)], null, ConversionError.DatasetLayout);
        Assert.Contains($"{VocRoot}ImageSets/Main/dog_train.txt line 2: expected 'IMAGE_ID FLAG' with FLAG 1, 0 or -1, got '2008_000015 yes'", e.Message);
    }

    [Fact]
    public void Places365_labels_listed_images_and_names_classes_from_the_categories_file()
    {
        var sources = new[] { Source("train_256_places365standard.tar", PlacesTrain()), Source("filelist_places365-standard.tar", PlacesFilelist()) };

        Convert(new Places365Converter(), sources, new()
        {
            ["Source"] = "train_256_places365standard.tar", ["Filelist"] = "filelist_places365-standard.tar", ["Listing"] = "places365_train_standard.txt",
        });

        var samples = Read();
        Assert.Equal(["a/airfield/00000001.jpg", "a/airfield/00000002.jpg", "a/apartment_building/outdoor/00000001.jpg", "b/bakery/shop/00000001.jpg"],
            samples.Select(s => s.Key));
        Assert.Equal([0L, 0L, 1L, 2L], samples.Select(s => (long)s["label"]!));
        Assert.Equal(TestJpeg.Header(12, 1), samples[2]["image"]);
        Assert.Equal("airfield;apartment_building/outdoor;bakery/shop", Context!.OutputMetadata["ClassNames"]);
    }

    [Fact]
    public void Places365_names_the_listing_line_of_an_image_the_archive_lacks()
    {
        var sources = new[] { Source("val_256.tar", Tar(("val_256/Places365_val_00000001.jpg", TestJpeg.Header(1, 1)))), Source("filelist.tar", PlacesFilelist()) };
        var e = Fails(new Places365Converter(), sources, new() { ["Source"] = "val_256.tar", ["Filelist"] = "filelist.tar", ["Listing"] = "places365_val.txt" }, ConversionError.DatasetLayout);
        Assert.Contains("the image on line 2 of places365_val.txt (in 'filelist.tar') is missing: no val_256/Places365_val_00000002.jpg", e.Message);
    }

    [Fact]
    public void Ade20k_pairs_images_with_their_annotations_and_scenes_by_name()
    {
        var zip = Source("ADEChallengeData2016.zip", Ade20kZip());

        Convert(new Ade20kConverter(), [zip], new() { ["Split"] = "training" });

        var samples = Read();
        Assert.Equal(["ADE_train_00000001", "ADE_train_00000002"], samples.Select(s => s.Key));
        Assert.Equal(["key", "image", "label_image", "scene"], samples[0].Keys);
        Assert.Equal(new ushort[] { 0, 1, 150, 3, 3, 3 }, PngDecoder.DecodeLabels((byte[])samples[0]["label_image"]!).Ids);
        Assert.Equal("art_gallery", samples[1]["scene"]);
        Convert(new Ade20kConverter(), [zip], new() { ["Split"] = "validation" }, name: "val");
        Assert.Equal(["ADE_val_00000001"], Read("val").Select(s => s.Key));
    }

    [Fact]
    public void Ade20k_refuses_an_annotation_of_another_size_naming_both_files()
    {
        var zip = Source("ade.zip", Zip(
        [
            ("ADEChallengeData2016/images/training/ADE_train_00000001.jpg", TestJpeg.Header(3, 2)),
            ("ADEChallengeData2016/annotations/training/ADE_train_00000001.png", PngEncoder.EncodeGray8([1, 1], 2, 1)),
        ]));
        var e = Fails(new Ade20kConverter(), [zip], null, ConversionError.MaskSizeMismatch);
        Assert.Contains("the image ADEChallengeData2016/images/training/ADE_train_00000001.jpg is 3×2 but its mask ADEChallengeData2016/annotations/training/ADE_train_00000001.png is 2×1", e.Message);
    }

    [Fact]
    public void Ilsvrc2012_train_labels_each_class_tar_by_its_wnid_in_sorted_order()
    {
        var sources = new[] { Source("ILSVRC2012_img_train.tar", IlsvrcTrain()), Source("ILSVRC2012_devkit_t12.tar.gz", IlsvrcDevkit()) };

        Convert(new Datadings.Conversions.ImageNet.Ilsvrc2012Converter(), sources, new() { ["Source"] = "ILSVRC2012_img_train.tar", ["Devkit"] = "ILSVRC2012_devkit_t12.tar.gz" });

        var samples = Read();
        Assert.Equal(["n01440764/n01440764_10026.JPEG", "n01440764/n01440764_10027.JPEG", "n01443537/n01443537_2.JPEG", "n02119789/n02119789_1.JPEG"], samples.Select(s => s.Key));
        Assert.Equal([0L, 0L, 1L, 2L], samples.Select(s => (long)s["label"]!));
        Assert.Equal(["key", "image", "label", "wnid"], samples[3].Keys);
        Assert.Equal("n02119789", samples[3]["wnid"]);
        Assert.Equal(TestJpeg.Header(30, 1), samples[3]["image"]);
        Assert.Equal("tench, Tinca tinca;goldfish, Carassius auratus;kit fox, Vulpes macrotis", Context!.OutputMetadata["ClassNames"]);
        Assert.Equal(3 * 1300, Context.ExpectedSampleCount); // num_train_images of the three leaf synsets
    }

    [Fact]
    public void Ilsvrc2012_validation_labels_come_from_the_ground_truth_ids_mapped_through_meta_mat()
    {
        var sources = new[] { Source("ILSVRC2012_img_val.tar", IlsvrcVal()), Source("ILSVRC2012_devkit_t12.tar.gz", IlsvrcDevkit()) };

        Convert(new Datadings.Conversions.ImageNet.Ilsvrc2012Converter(), sources, new() { ["Source"] = "ILSVRC2012_img_val.tar", ["Devkit"] = "ILSVRC2012_devkit_t12.tar.gz", ["Split"] = "val" });

        var samples = Read();
        Assert.Equal(["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00000002.JPEG", "ILSVRC2012_val_00000003.JPEG"], samples.Select(s => s.Key));
        // Ground truth IDs 2, 1, 3 are tench, kit fox, goldfish in meta.mat; in sorted-wnid order those are 0, 2, 1.
        Assert.Equal([0L, 2L, 1L], samples.Select(s => (long)s["label"]!));
        Assert.Equal(["n01440764", "n02119789", "n01443537"], samples.Select(s => (string)s["wnid"]!));
    }

    [Theory]
    [InlineData("2\n7\n3\n", "ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt line 2: '7' is not an ILSVRC2012_ID of meta.mat")]
    [InlineData("2\n1\n", "entry 'ILSVRC2012_val_00000003.JPEG': the devkit's ground truth has 2 lines, none for image 3")]
    public void Ilsvrc2012_names_a_ground_truth_that_does_not_fit(string groundTruth, string message)
    {
        var sources = new[] { Source("val.tar", IlsvrcVal()), Source("devkit.tar.gz", IlsvrcDevkit(groundTruth)) };
        var e = Fails(new Datadings.Conversions.ImageNet.Ilsvrc2012Converter(), sources, new() { ["Source"] = "val.tar", ["Devkit"] = "devkit.tar.gz", ["Split"] = "val" }, ConversionError.DatasetLayout);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Ilsvrc2012_refuses_a_train_member_that_is_not_a_class_tar()
    {
        var sources = new[] { Source("train.tar", Tar(("n09999999.tar", Tar(("x.JPEG", TestJpeg.Header(1, 1)))))), Source("devkit.tar.gz", IlsvrcDevkit()) };
        var e = Fails(new Datadings.Conversions.ImageNet.Ilsvrc2012Converter(), sources, new() { ["Source"] = "train.tar", ["Devkit"] = "devkit.tar.gz" }, ConversionError.DatasetLayout);
        Assert.Contains("expected one WNID.tar per class of the devkit's meta.mat (n01440764.tar …), found 'n09999999.tar'", e.Message);
    }

    private static List<(string Name, byte[] Content)> TarMembers(byte[] tar)
    {
        var members = new List<(string, byte[])>();
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            using var copy = new MemoryStream();
            entry.DataStream!.CopyTo(copy);
            members.Add((entry.Name, copy.ToArray()));
        }
        return members;
    }
}
