using System.Text;
using Datadings.Imaging;
using Datadings.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Conversions;

/// <summary>
/// Miniatures of well-known datasets' published archives: the official member names, nesting and text formats, with a
/// few samples of known content. Shared by the converter tests and the recipe builds (linked into Datadings.Sdk.Tests).
/// </summary>
public static class RecipeMiniatures
{
    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>EMNIST's gzip.zip: gzip/emnist-SUBSET-{train,test}-{images-idx3,labels-idx1}-ubyte.gz (+ mapping) per subset.</summary>
    public static byte[] EmnistZip(int train, int test, params string[] subsets) => Zip([.. subsets.SelectMany(subset => new[]
    {
        ($"gzip/emnist-{subset}-mapping.txt", Text("0 48\n1 49\n")),
        ($"gzip/emnist-{subset}-test-images-idx3-ubyte.gz", IdxImages(test, gzip: true)),
        ($"gzip/emnist-{subset}-test-labels-idx1-ubyte.gz", IdxLabels(test, gzip: true)),
        ($"gzip/emnist-{subset}-train-images-idx3-ubyte.gz", IdxImages(train, gzip: true)),
        ($"gzip/emnist-{subset}-train-labels-idx1-ubyte.gz", IdxLabels(train, gzip: true)),
    })]);

    public const string VocRoot = "VOCdevkit/VOC2012/";

    /// <summary>The classification listings of the VOC miniature: image id → flag per class index (absent = -1).</summary>
    public static readonly IReadOnlyDictionary<string, Dictionary<int, int>> VocTrain = new Dictionary<string, Dictionary<int, int>>
    {
        ["2008_000008"] = new() { [12] = 1, [14] = 1 },        // horse, person
        ["2008_000015"] = new() { [4] = 0 },                    // a bottle, marked difficult
        ["2008_000019"] = new() { [11] = 1, [4] = 0, [8] = 1 }, // dog, difficult bottle, chair
    };

    public static readonly IReadOnlyDictionary<string, Dictionary<int, int>> VocVal = new Dictionary<string, Dictionary<int, int>>
    {
        ["2008_000002"] = new() { [19] = 1 },                   // tvmonitor
    };

    private static readonly string[] VocClasses =
        ["aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow", "diningtable", "dog", "horse",
         "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"];

    /// <summary>VOCtrainval_11-May-2012.tar: ImageSets/Main ({split}.txt, {class}_{split}.txt with right-aligned flags),
    /// ImageSets/Segmentation, JPEGImages, SegmentationClass (palette PNGs), Annotations (not read).</summary>
    public static byte[] VocTar()
    {
        var members = new List<(string, byte[])>();
        void Add(string path, byte[] content) => members.Add((VocRoot + path, content));
        foreach (var (split, images) in new[] { ("train", VocTrain), ("val", VocVal) })
        {
            Add($"ImageSets/Main/{split}.txt", Text(string.Concat(images.Keys.Select(id => id + "\n"))));
            for (int c = 0; c < VocClasses.Length; c++)
                Add($"ImageSets/Main/{VocClasses[c]}_{split}.txt",
                    Text(string.Concat(images.Select(i => $"{i.Key} {i.Value.GetValueOrDefault(c, -1),2}\n"))));
        }
        foreach (var id in VocTrain.Keys.Concat(VocVal.Keys))
        {
            Add($"JPEGImages/{id}.jpg", TestJpeg.Header(4, 3));
            Add($"Annotations/{id}.xml", Text($"<annotation><filename>{id}.jpg</filename></annotation>"));
        }
        Add("ImageSets/Segmentation/train.txt", Text("2008_000008\n"));
        Add("ImageSets/Segmentation/val.txt", Text("2008_000002\n"));
        Add("SegmentationClass/2008_000008.png", TestPng.Palette([0, 13, 13, 255, 0, 15, 15, 255, 0, 0, 0, 0], 4, 3));
        Add("SegmentationClass/2008_000002.png", TestPng.Palette([20, 20, 0, 0, 20, 20, 0, 0, 0, 0, 0, 0], 4, 3));
        return Tar([.. members]);
    }

    public static readonly string[] PlacesCategories = ["/a/airfield", "/a/apartment_building/outdoor", "/b/bakery/shop"];

    /// <summary>filelist_places365-standard.tar: categories_places365.txt, places365_train_standard.txt, places365_val.txt.</summary>
    public static byte[] PlacesFilelist() => Tar(
        ("categories_places365.txt", Text(string.Concat(PlacesCategories.Select((c, i) => $"{c} {i}\n")))),
        ("places365_train_standard.txt", Text("/a/airfield/00000001.jpg 0\n/a/airfield/00000002.jpg 0\n/a/apartment_building/outdoor/00000001.jpg 1\n/b/bakery/shop/00000001.jpg 2\n")),
        ("places365_val.txt", Text("Places365_val_00000001.jpg 2\nPlaces365_val_00000002.jpg 0\n")));

    /// <summary>train_256_places365standard.tar: data_256/&lt;letter&gt;/&lt;category&gt;/NNNNNNNN.jpg (image n is a w×h JPEG header, w = 10 + n).</summary>
    public static byte[] PlacesTrain() => Tar(
        ("data_256/a/airfield/00000001.jpg", TestJpeg.Header(10, 1)),
        ("data_256/a/airfield/00000002.jpg", TestJpeg.Header(11, 1)),
        ("data_256/a/apartment_building/outdoor/00000001.jpg", TestJpeg.Header(12, 1)),
        ("data_256/b/bakery/shop/00000001.jpg", TestJpeg.Header(13, 1)));

    public static byte[] PlacesVal() => Tar(
        ("val_256/Places365_val_00000001.jpg", TestJpeg.Header(20, 1)),
        ("val_256/Places365_val_00000002.jpg", TestJpeg.Header(21, 1)));

    /// <summary>ADEChallengeData2016.zip: images/ and annotations/ per split, objectInfo150.txt, sceneCategories.txt.</summary>
    public static byte[] Ade20kZip() => Zip(
        ("ADEChallengeData2016/annotations/training/ADE_train_00000001.png", PngEncoder.EncodeGray8([0, 1, 150, 3, 3, 3], 3, 2)),
        ("ADEChallengeData2016/annotations/training/ADE_train_00000002.png", PngEncoder.EncodeGray8([5, 5, 5, 5], 2, 2)),
        ("ADEChallengeData2016/annotations/validation/ADE_val_00000001.png", PngEncoder.EncodeGray8([2, 2], 2, 1)),
        ("ADEChallengeData2016/images/training/ADE_train_00000001.jpg", TestJpeg.Header(3, 2)),
        ("ADEChallengeData2016/images/training/ADE_train_00000002.jpg", TestJpeg.Header(2, 2)),
        ("ADEChallengeData2016/images/validation/ADE_val_00000001.jpg", TestJpeg.Header(2, 1)),
        ("ADEChallengeData2016/objectInfo150.txt", Text("Idx\tRatio\tTrain\tVal\tName\n1\t0.1576\t11664\t1172\twall\n")),
        ("ADEChallengeData2016/sceneCategories.txt", Text("ADE_train_00000001 airport_terminal\nADE_train_00000002 art_gallery\nADE_val_00000001 abbey\n")));

    /// <summary>The miniature devkit meta.mat (written by SciPy, see ImageNet/make_meta_mat.py): leaf synsets
    /// ID 1 n02119789 kit fox, ID 2 n01440764 tench, ID 3 n01443537 goldfish; ID 4 and 5 are not classes.</summary>
    public static byte[] IlsvrcMetaMat(string name = "meta.mat")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "Datadings.Tests", "Conversions", "ImageNet", name);
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new FileNotFoundException($"tests/Datadings.Tests/Conversions/ImageNet/{name} is not above {AppContext.BaseDirectory}");
    }

    /// <summary>ILSVRC2012_devkit_t12.tar.gz: data/meta.mat and the validation ground truth (IDs 2, 1, 3 → tench, kit fox, goldfish).</summary>
    public static byte[] IlsvrcDevkit(string groundTruth = "2\n1\n3\n") => TarGz(
        ("ILSVRC2012_devkit_t12/COPYING", Text("devkit licence\n")),
        ("ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt", Text(groundTruth)),
        ("ILSVRC2012_devkit_t12/data/meta.mat", IlsvrcMetaMat()),
        ("ILSVRC2012_devkit_t12/readme.txt", Text("ILSVRC2012 devkit\n")));

    /// <summary>ILSVRC2012_img_train.tar: one WNID.tar per class (not in sorted order), each holding WNID_N.JPEG files.</summary>
    public static byte[] IlsvrcTrain() => Tar(
        ("n02119789.tar", Tar(("n02119789_1.JPEG", TestJpeg.Header(30, 1)))),
        ("n01440764.tar", Tar(("n01440764_10026.JPEG", TestJpeg.Header(10, 1)), ("n01440764_10027.JPEG", TestJpeg.Header(11, 1)))),
        ("n01443537.tar", Tar(("n01443537_2.JPEG", TestJpeg.Header(20, 1)))));

    /// <summary>ILSVRC2012_img_val.tar: ILSVRC2012_val_0000000N.JPEG at the top level.</summary>
    public static byte[] IlsvrcVal() => Tar(
        ("ILSVRC2012_val_00000002.JPEG", TestJpeg.Header(2, 1)),
        ("ILSVRC2012_val_00000001.JPEG", TestJpeg.Header(1, 1)),
        ("ILSVRC2012_val_00000003.JPEG", TestJpeg.Header(3, 1)));
}
