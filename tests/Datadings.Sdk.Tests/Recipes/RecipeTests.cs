using System.IO.Compression;
using System.Text;
using Datadings.Reading;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.Recipes;

/// <summary>
/// Real builds of DatasetRecipe items. Each recipe's files are synthesised in their published layout (file names,
/// archive nesting, header formats; a few samples), served on loopback, and the recipe's MD5s are overridden the way
/// docs/recipes.md tells users to (a DatasetSource of the recipe file's name with its own Md5, and Mirror or Url).
/// </summary>
public sealed class RecipeTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    private static readonly string[] IdxFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>The four MNIST-layout files (gzipped IDX, big-endian headers 0x0803 / 0x0801) with 5 train and 3 test samples.</summary>
    private static Dictionary<string, byte[]> IdxMiniature() => new()
    {
        ["train-images-idx3-ubyte.gz"] = IdxImages(5, gzip: true),
        ["train-labels-idx1-ubyte.gz"] = IdxLabels(5, gzip: true),
        ["t10k-images-idx3-ubyte.gz"] = IdxImages(3, gzip: true),
        ["t10k-labels-idx1-ubyte.gz"] = IdxLabels(3, gzip: true),
    };

    /// <summary>Serves the files under FOLDER/ and returns the override items: the recipe's files with these MD5s.</summary>
    private string ServeWithOverrides(string recipe, string folder, Dictionary<string, byte[]> files, bool withUrl)
    {
        var items = new StringBuilder();
        foreach (var (name, bytes) in files)
        {
            Server.Serve($"{folder}/{name}", bytes);
            var url = withUrl ? $" Url=\"{Server.Url($"{folder}/{name}")}\"" : "";
            items.AppendLine($"""<DatasetSource Include="{recipe}/{name}" Md5="{TestBytes.Md5(bytes)}"{url} />""");
        }
        return items.ToString();
    }

    [Fact]
    public async Task Idx_and_cifar_recipes_build_their_documented_datasets_keys_labels_and_class_names()
    {
        var cifar10 = TarGz( // the published member order: batches.meta.txt, then the batches, unsorted
            ("cifar-10-batches-bin/batches.meta.txt", Encoding.ASCII.GetBytes("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n")),
            ("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(2, hundred: false, seed: 1)),
            ("cifar-10-batches-bin/data_batch_2.bin", CifarBatch(2, hundred: false, seed: 2)),
            ("cifar-10-batches-bin/data_batch_3.bin", CifarBatch(1, hundred: false, seed: 3)),
            ("cifar-10-batches-bin/data_batch_4.bin", CifarBatch(1, hundred: false, seed: 4)),
            ("cifar-10-batches-bin/data_batch_5.bin", CifarBatch(1, hundred: false, seed: 5)),
            ("cifar-10-batches-bin/readme.html", "<html></html>"u8.ToArray()),
            ("cifar-10-batches-bin/test_batch.bin", CifarBatch(3, hundred: false, seed: 9)));
        var fine = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"fine{i}"));
        var coarse = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"coarse{i}"));
        var cifar100 = TarGz(
            ("cifar-100-binary/coarse_label_names.txt", Encoding.ASCII.GetBytes(coarse + "\n")),
            ("cifar-100-binary/fine_label_names.txt", Encoding.ASCII.GetBytes(fine + "\n")),
            ("cifar-100-binary/test.bin", CifarBatch(2, hundred: true, seed: 7)),
            ("cifar-100-binary/train.bin", CifarBatch(4, hundred: true, seed: 3)));

        var folder = Sdk.NewFolder("recipes");
        var project = WriteDataProject(folder, "data", $"""
            <DatasetRecipe Include="MNIST" Mirror="{Server.Url("mnist/")}" />
            {ServeWithOverrides("MNIST", "mnist", IdxMiniature(), withUrl: false)}
            <DatasetRecipe Include="FashionMNIST" Mirror="{Server.Url("fashion")}" />
            {ServeWithOverrides("FashionMNIST", "fashion", IdxMiniature(), withUrl: false)}
            <DatasetRecipe Include="kmnist" Splits="test" />
            {ServeWithOverrides("KMNIST", "kmnist", IdxMiniature(), withUrl: true)}
            <DatasetRecipe Include="CIFAR10" Mirror="{Server.Url("toronto/")}" />
            {ServeWithOverrides("CIFAR10", "toronto", new() { ["cifar-10-binary.tar.gz"] = cifar10 }, withUrl: false)}
            <DatasetRecipe Include="CIFAR100" Mirror="{Server.Url("toronto/")}" />
            {ServeWithOverrides("CIFAR100", "toronto", new() { ["cifar-100-binary.tar.gz"] = cifar100 }, withUrl: false)}
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        var outputs = OutputsFrom(build.Output).ToDictionary(o => o.Dataset);
        Assert.Equal(["CIFAR10-test", "CIFAR10-train", "CIFAR100-test", "CIFAR100-train", "FashionMNIST-test", "FashionMNIST-train", "KMNIST-test", "MNIST-test", "MNIST-train"],
            outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0;1;2;3;4;5;6;7;8;9", outputs["MNIST-train"].ClassNames);
        Assert.Equal("T-shirt/top;Trouser;Pullover;Dress;Coat;Sandal;Shirt;Sneaker;Bag;Ankle boot", outputs["FashionMNIST-test"].ClassNames);
        Assert.Equal("o;ki;su;tsu;na;ha;ma;ya;re;wo", outputs["KMNIST-test"].ClassNames);
        Assert.Equal("airplane;automobile;bird;cat;deer;dog;frog;horse;ship;truck", outputs["CIFAR10-train"].ClassNames);
        Assert.Equal(string.Join(';', Enumerable.Range(0, 100).Select(i => $"fine{i}")), outputs["CIFAR100-test"].ClassNames);

        // Splits="test": the training files were neither requested nor converted.
        Assert.Empty(Server.RequestsFor("kmnist/train-images-idx3-ubyte.gz"));
        // Mirror first: the official URL (the fallback) was not needed.
        Assert.DoesNotContain("ossci-datasets", build.Output);

        var datasets = DatasetsDir(project);
        using (var train = new DatasetReader(Path.Combine(datasets, "MNIST-train.msgpack")))
        {
            train.Verify();
            Assert.Equal(5, train.Count);
            Assert.Equal(["0", "1", "2", "3", "4"], Enumerable.Range(0, 5).Select(i => train[i].Key));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)Label(i)), Enumerable.Range(0, 5).Select(i => (long)train[i]["label"]!));
        }
        using (var test = new DatasetReader(Path.Combine(datasets, "KMNIST-test.msgpack")))
            Assert.Equal(3, test.Count);
        using (var train = new DatasetReader(Path.Combine(datasets, "CIFAR10-train.msgpack")))
        {
            Assert.Equal(7, train.Count); // every data_batch_N, none of test_batch
            Assert.Equal("data_batch_1_00000", train[0].Key);
            Assert.Equal("data_batch_5_00000", train[6].Key);
            Assert.Equal((long)((0 + 1) % 10), train[0]["label"]);
        }
        using (var test = new DatasetReader(Path.Combine(datasets, "CIFAR10-test.msgpack")))
            Assert.Equal(["test_batch_00000", "test_batch_00001", "test_batch_00002"], Enumerable.Range(0, 3).Select(i => test[i].Key));
        using (var test = new DatasetReader(Path.Combine(datasets, "CIFAR100-test.msgpack")))
        {
            Assert.Equal(2, test.Count);
            Assert.Equal("test_00001", test[1].Key);
            Assert.Equal((long)((1 * 3 + 7) % 100), test[1]["label"]);       // fine label: the record's second byte
            Assert.Equal((long)((1 + 7) % 20), test[1]["coarse_label"]);     // coarse label: its first byte
        }
    }

    [Fact]
    public async Task An_unknown_recipe_or_option_value_fails_with_a_code_listing_what_exists()
    {
        var folder = Sdk.NewFolder("recipe-errors");
        var project = WriteDataProject(folder, "data", """
            <DatasetRecipe Include="CIFAR11" />
            <DatasetRecipe Include="MNIST" Splits="validation" />
            <DatasetRecipe Include="CIFAR10" Subset="tiny" />
            """);

        var build = await BuildAsync(project);

        AssertFailedWith(build, "DD9001");
        Assert.Contains("there is no recipe called 'CIFAR11'. Recipes: ADE20K, CIFAR10, CIFAR100, Cityscapes, COCO2017, EMNIST, FashionMNIST, ILSVRC2012, KMNIST, MNIST, Places365, VOC2012, VOC2012Segmentation", ErrorLine(build.Output, "DD9001"));
        Assert.Contains("recipe MNIST has no split 'validation'; its splits: train, test", build.Output);
        Assert.Contains("recipe CIFAR10 has no option 'Subset'", build.Output);
        Assert.Empty(Server.Requests); // nothing was downloaded for a project whose recipes are wrong
    }

    [Fact]
    public async Task Two_emnist_subsets_share_one_declared_gzip_zip_and_different_mirrors_for_it_are_refused()
    {
        var folder = Sdk.NewFolder("recipes-emnist-twice");
        var zip = RecipeMiniatures.EmnistZip(4, 2, "balanced", "letters");
        var project = WriteDataProject(folder, "data", $"""
            <DatasetRecipe Include="EMNIST" Subset="balanced" Mirror="{Server.Url("nist/")}" />
            <DatasetRecipe Include="EMNIST" Subset="letters" Mirror="{Server.Url("nist/")}" />
            {ServeWithOverrides("EMNIST", "nist", new() { ["gzip.zip"] = zip }, withUrl: false)}
            """, extra: """
            <Target Name="ShowSources" AfterTargets="ExpandDatasetRecipes">
              <Message Importance="high" Text="SOURCE %(DatasetSource.Identity)" />
            </Target>
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        Assert.Equal(["EMNIST-balanced-test", "EMNIST-balanced-train", "EMNIST-letters-test", "EMNIST-letters-train"],
            OutputsFrom(build.Output).Select(o => o.Dataset).Order(StringComparer.Ordinal));
        Assert.Single(build.Output.Split('\n'), l => l.Trim() == "SOURCE EMNIST/gzip.zip");
        Assert.Single(Server.RequestsFor("nist/gzip.zip"));
        Assert.DoesNotContain("another build is fetching this source", build.Output);

        // The same file from two mirrors is a contradiction, not two sources.
        File.WriteAllText(project, File.ReadAllText(project).Replace("Subset=\"letters\" Mirror=\"" + Server.Url("nist/"), "Subset=\"letters\" Mirror=\"" + Server.Url("elsewhere/")));
        var conflicting = await BuildAsync(project);
        AssertFailedWith(conflicting, "DD9002");
        Assert.Contains($"EMNIST/gzip.zip is read by two EMNIST items that give it different Url ('{Server.Url("nist/gzip.zip")}' and '{Server.Url("elsewhere/gzip.zip")}'); give both the same Mirror and ManualDir.",
            ErrorLine(conflicting.Output, "DD9002"));
    }

    [Fact]
    public async Task Emnist_voc_places365_ade20k_and_cityscapes_recipes_build_their_documented_datasets()
    {
        var folder = Sdk.NewFolder("recipes-more");
        // Cityscapes is registration-only: its zips are where the user put them (ManualDir), with the MD5s they computed.
        var manual = Directory.CreateDirectory(Path.Combine(folder, "cityscapes-downloads")).FullName;
        var cityscapes = new Dictionary<string, byte[]>
        {
            ["leftImg8bit_trainvaltest.zip"] = Zip(
                ("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png", Datadings.Imaging.PngEncoder.EncodeRgb8(new byte[18], 3, 2)),
                ("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png", Datadings.Imaging.PngEncoder.EncodeRgb8(new byte[18], 3, 2))),
            ["gtFine_trainvaltest.zip"] = Zip(
                ("gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png", Datadings.Imaging.PngEncoder.EncodeGray8([7, 7, 26, 26, 0, 0], 3, 2)),
                ("gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png", Datadings.Imaging.PngEncoder.EncodeGray8([24, 24, 24, 7, 7, 7], 3, 2))),
        };
        foreach (var (name, bytes) in cityscapes) File.WriteAllBytes(Path.Combine(manual, name), bytes);
        var voc = RecipeMiniatures.VocTar();
        var project = WriteDataProject(folder, "data", $"""
            <DatasetRecipe Include="EMNIST" Subset="letters" Mirror="{Server.Url("nist/")}" />
            {ServeWithOverrides("EMNIST", "nist", new() { ["gzip.zip"] = RecipeMiniatures.EmnistZip(4, 2, "balanced", "letters") }, withUrl: false)}
            <DatasetRecipe Include="VOC2012" Mirror="{Server.Url("voc/")}" />
            {ServeWithOverrides("VOC2012", "voc", new() { ["VOCtrainval_11-May-2012.tar"] = voc }, withUrl: false)}
            <DatasetRecipe Include="VOC2012Segmentation" Splits="val" Mirror="{Server.Url("voc/")}" />
            <DatasetSource Include="VOC2012Segmentation/VOCtrainval_11-May-2012.tar" Md5="{TestBytes.Md5(voc)}" />
            <DatasetRecipe Include="Places365" Mirror="{Server.Url("places/")}" />
            {ServeWithOverrides("Places365", "places", new()
            {
                ["filelist_places365-standard.tar"] = RecipeMiniatures.PlacesFilelist(),
                ["train_256_places365standard.tar"] = RecipeMiniatures.PlacesTrain(),
                ["val_256.tar"] = RecipeMiniatures.PlacesVal(),
            }, withUrl: false)}
            <DatasetRecipe Include="ADE20K" />
            {ServeWithOverrides("ADE20K", "ade", new() { ["ADEChallengeData2016.zip"] = RecipeMiniatures.Ade20kZip() }, withUrl: true)}
            <DatasetRecipe Include="Cityscapes" ManualDir="{manual}" />
            {string.Join("\n", cityscapes.Select(c => $"""<DatasetSource Include="Cityscapes/{c.Key}" Md5="{TestBytes.Md5(c.Value)}" />"""))}
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        var outputs = OutputsFrom(build.Output).ToDictionary(o => o.Dataset);
        Assert.Equal(["ADE20K-train", "ADE20K-val", "Cityscapes-train", "Cityscapes-val", "EMNIST-letters-test", "EMNIST-letters-train",
                      "Places365-train", "Places365-val", "VOC2012-train", "VOC2012-val", "VOC2012Segmentation-val"], outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("N/A;" + string.Join(';', Enumerable.Range('a', 26).Select(c => (char)c)), outputs["EMNIST-letters-train"].ClassNames);
        Assert.StartsWith("aeroplane;bicycle;", outputs["VOC2012-train"].ClassNames);
        Assert.StartsWith("background;aeroplane;", outputs["VOC2012Segmentation-val"].ClassNames);
        Assert.Equal("airfield;apartment_building/outdoor;bakery/shop", outputs["Places365-val"].ClassNames);
        var ade = outputs["ADE20K-val"].ClassNames.Split(';');
        Assert.Equal((151, "other", "wall", "flag"), (ade.Length, ade[0], ade[1], ade[150]));
        Assert.Equal((4, 2), (outputs["EMNIST-letters-train"].Samples, outputs["EMNIST-letters-test"].Samples));
        // The VOC tar is downloaded once for both VOC recipes (the cache is keyed by MD5).
        Assert.Single(Server.RequestsFor("voc/VOCtrainval_11-May-2012.tar"));

        var datasets = DatasetsDir(project);
        using (var emnist = new DatasetReader(Path.Combine(datasets, "EMNIST-letters-train.msgpack")))
        {
            var image = TestPngDecoder.Decode((byte[])emnist[3]["image"]!);
            Assert.Equal(Pixel(3, 5 * 28 + 1), image.Pixels[1 * 28 + 5]); // stored column-major, written upright
            Assert.Equal((long)Label(3), emnist[3]["label"]);
        }
        using (var vocTrain = new DatasetReader(Path.Combine(datasets, "VOC2012-train.msgpack")))
        {
            Assert.Equal(["2008_000008", "2008_000015", "2008_000019"], vocTrain.Keys);
            Assert.Equal(new object[] { 4L, 8L, 11L }, (IEnumerable<object?>)vocTrain[2]["label"]!);
            Assert.Equal(new object[] { true, false, false }, (IEnumerable<object?>)vocTrain[2]["difficult"]!);
        }
        using (var vocSeg = new DatasetReader(Path.Combine(datasets, "VOC2012Segmentation-val.msgpack")))
            Assert.Equal(new ushort[] { 20, 20, 0, 0 }, Datadings.Imaging.PngDecoder.DecodeLabels((byte[])vocSeg[0]["label_image"]!).Ids[..4]);
        using (var places = new DatasetReader(Path.Combine(datasets, "Places365-train.msgpack")))
        {
            Assert.Equal(["a/airfield/00000001.jpg", "a/airfield/00000002.jpg", "a/apartment_building/outdoor/00000001.jpg", "b/bakery/shop/00000001.jpg"], places.Keys);
            Assert.Equal(2L, places[3]["label"]);
        }
        using (var adeTrain = new DatasetReader(Path.Combine(datasets, "ADE20K-train.msgpack")))
            Assert.Equal(("ADE_train_00000002", "art_gallery"), (adeTrain[1].Key, adeTrain[1]["scene"]));
        using (var city = new DatasetReader(Path.Combine(datasets, "Cityscapes-val.msgpack")))
            Assert.Equal(("lindau_000000_000019", "lindau"), (city[0].Key, city[0]["city"]));
    }

    [Fact]
    public async Task Ilsvrc2012_builds_from_the_manual_downloads_and_says_where_to_put_missing_ones()
    {
        var folder = Sdk.NewFolder("recipe-imagenet");
        var downloads = Directory.CreateDirectory(Path.Combine(folder, "imagenet")).FullName;
        var files = new Dictionary<string, byte[]>
        {
            ["ILSVRC2012_img_train.tar"] = RecipeMiniatures.IlsvrcTrain(),
            ["ILSVRC2012_img_val.tar"] = RecipeMiniatures.IlsvrcVal(),
            ["ILSVRC2012_devkit_t12.tar.gz"] = RecipeMiniatures.IlsvrcDevkit(),
        };
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(downloads, name), bytes);
        var overrides = string.Join("\n", files.Select(f => $"""<DatasetSource Include="ILSVRC2012/{f.Key}" Md5="{TestBytes.Md5(f.Value)}" />"""));

        // First without the files where the project says they are: the manual-download instructions, nothing written.
        var missing = WriteDataProject(Sdk.NewFolder("recipe-imagenet-missing"), "data", $"""
            <DatasetRecipe Include="ILSVRC2012" Splits="val" ManualDir="{Path.Combine(folder, "nowhere")}" />
            {overrides}
            """);
        var failed = await BuildAsync(missing);
        AssertFailedWith(failed, "DD1007");
        Assert.Contains("Register at https://image-net.org/", failed.Output);
        Assert.Contains(Path.Combine(folder, "nowhere", "ILSVRC2012_img_val.tar"), failed.Output);

        var project = WriteDataProject(folder, "data", $"""
            <DatasetRecipe Include="ILSVRC2012" ManualDir="{downloads}" />
            {overrides}
            """);
        var build = await BuildAsync(project);

        AssertSucceeded(build);
        var outputs = OutputsFrom(build.Output).ToDictionary(o => o.Dataset);
        Assert.Equal((4, 3), (outputs["ILSVRC2012-train"].Samples, outputs["ILSVRC2012-val"].Samples));
        Assert.Equal("tench, Tinca tinca;goldfish, Carassius auratus;kit fox, Vulpes macrotis", outputs["ILSVRC2012-val"].ClassNames);
        using var val = new DatasetReader(Path.Combine(DatasetsDir(project), "ILSVRC2012-val.msgpack"));
        val.Verify();
        Assert.Equal([0L, 2L, 1L], Enumerable.Range(0, 3).Select(i => (long)val[i]["label"]!)); // ground truth IDs 2, 1, 3 via meta.mat
        using var train = new DatasetReader(Path.Combine(DatasetsDir(project), "ILSVRC2012-train.msgpack"));
        Assert.Equal(["n01440764/n01440764_10026.JPEG", "n01440764/n01440764_10027.JPEG", "n01443537/n01443537_2.JPEG", "n02119789/n02119789_1.JPEG"], train.Keys);
    }

    [Fact]
    public async Task A_recipe_file_without_a_published_md5_asks_for_the_users_and_downloads_nothing()
    {
        var project = WriteDataProject(Sdk.NewFolder("recipe-no-md5"), "data", """
            <DatasetRecipe Include="ADE20K" Splits="val" />
            <DatasetRecipe Include="Cityscapes" />
            """);

        var build = await BuildAsync(project);

        AssertFailedWith(build, "DD9005");
        Assert.Contains("DatasetRecipe 'ADE20K': no MD5 is published for ADE20K/ADEChallengeData2016.zip, so the recipe cannot check your copy. "
            + "Compute it (md5sum ADEChallengeData2016.zip) and declare it: <DatasetSource Include=\"ADE20K/ADEChallengeData2016.zip\" Md5=\"…\" />", build.Output);
        Assert.Contains("no MD5 is published for Cityscapes/gtFine_trainvaltest.zip", build.Output);
        Assert.Empty(Server.Requests);
    }

    [FashionMnistFact]
    public async Task The_real_debian_fashion_mnist_builds_through_its_recipe_with_debians_md5s()
    {
        var folder = Sdk.NewFolder("fashion-recipe");
        // Debian recompressed the upstream files: same images, other MD5s. The recipe reads them from the folder
        // (Mirror) and the project states Debian's MD5s (as docs/recipes.md shows).
        var overrides = string.Join('\n', FashionMnistFactAttribute.Files.Select(f =>
            $"""<DatasetSource Include="FashionMNIST/{f}" Md5="{TestBytes.Md5(File.ReadAllBytes(Path.Combine(FashionMnistFactAttribute.Directory, f)))}" />"""));
        var project = WriteDataProject(folder, "fashion", $"""
            <DatasetRecipe Include="FashionMNIST" Mirror="{FashionMnistFactAttribute.Directory}/" />
            {overrides}
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        var outputs = OutputsFrom(build.Output).ToDictionary(o => o.Dataset);
        Assert.Equal(60_000, outputs["FashionMNIST-train"].Samples);
        Assert.Equal(10_000, outputs["FashionMNIST-test"].Samples);
        Assert.StartsWith("T-shirt/top;Trouser;", outputs["FashionMNIST-train"].ClassNames);
        var labels = Gunzip(Path.Combine(FashionMnistFactAttribute.Directory, "t10k-labels-idx1-ubyte.gz"));
        using var test = new DatasetReader(Path.Combine(DatasetsDir(project), "FashionMNIST-test.msgpack"));
        test.Verify();
        foreach (var n in new[] { 0, 1, 4_999, 9_999 })
            Assert.Equal((long)labels[8 + n], test[n]["label"]);
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
