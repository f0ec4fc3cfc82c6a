using System.Xml.Linq;
using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

public class RecipesCommandTests
{
    [Fact]
    public void Recipes_lists_every_recipe_with_the_datasets_it_builds()
    {
        var result = CliRunner.Run("recipes");
        result.AssertSuccess();
        foreach (var name in new[] { "MNIST", "FashionMNIST", "KMNIST", "CIFAR10", "CIFAR100", "EMNIST-balanced" })
            Assert.Contains($"{name}-train, {name}-test", result.Stdout);
        foreach (var name in new[] { "VOC2012", "VOC2012Segmentation", "Places365", "ADE20K" })
            Assert.Contains($"{name}-train, {name}-val", result.Stdout);
        Assert.Contains("ILSVRC2012-train, ILSVRC2012-val (manual download)", result.Stdout);
        // Every title starts in the same column, the longest name's included.
        var titleLines = result.Stdout.Split('\n').Where(l => l.Length > 0 && l[0] != ' ' && !l.StartsWith("Use ", StringComparison.Ordinal)).ToList();
        Assert.Equal(13, titleLines.Count);
        static int TitleStart(string line)
        {
            var i = line.IndexOf(' ');
            while (line[i] == ' ') i++;
            return i;
        }
        Assert.Single(titleLines.Select(TitleStart).Distinct());
    }

    [Fact]
    public void Recipes_NAME_shows_sources_with_url_md5_and_size_datasets_and_class_names()
    {
        var result = CliRunner.Run("recipes", "mnist"); // names ignore case
        result.AssertSuccess();
        Assert.Contains("MNIST/train-images-idx3-ubyte.gz  md5 f68b3c2dcbeaaa9fbdd348bbdeb94873  9912422 bytes  https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz", result.Stdout);
        Assert.Contains("MNIST-test  Idx  Images=MNIST/t10k-images-idx3-ubyte.gz  Labels=MNIST/t10k-labels-idx1-ubyte.gz", result.Stdout);
        Assert.Contains("class names (10): 0, 1, 2", result.Stdout);
    }

    [Fact]
    public void An_unknown_recipe_is_an_error_listing_the_recipes_there_are()
    {
        var line = CliRunner.Run("recipes", "CIFAR11").AssertOneErrorLine(2);
        Assert.Contains("there is no recipe called 'CIFAR11'. Recipes: ADE20K, CIFAR10, CIFAR100, Cityscapes, COCO2017, EMNIST, FashionMNIST, ILSVRC2012, KMNIST, MNIST, Places365, VOC2012, VOC2012Segmentation", line);
    }

    [Fact]
    public void Init_with_a_recipe_scaffolds_a_project_holding_that_recipe()
    {
        using var dir = new TempDir();
        CliRunner.Run("init", dir.Path, "--name", "cifar", "--recipe", "cifar100").AssertSuccess();

        var project = XDocument.Load(Path.Combine(dir.Path, "cifar.dsproj"));
        var recipe = Assert.Single(project.Root!.Elements("ItemGroup").Elements());
        Assert.Equal(("DatasetRecipe", "CIFAR100"), (recipe.Name.LocalName, recipe.Attribute("Include")!.Value));
        var comments = string.Join("\n", project.Root.Nodes().OfType<XComment>().Select(c => c.Value));
        Assert.Contains("CIFAR100-train, CIFAR100-test", comments);
        Assert.Contains("<DatasetSource Include=\"CIFAR100/cifar-100-binary.tar.gz\" Md5=", comments);
        Assert.False(File.Exists(Path.Combine(dir.Path, "example.csv")));

        CliRunner.Run("init", dir.File("imagenet"), "--name", "imagenet", "--recipe", "ILSVRC2012").AssertSuccess();
        var imagenet = File.ReadAllText(Path.Combine(dir.File("imagenet"), "imagenet.dsproj"));
        Assert.Contains("ManualDir=\"/data/ilsvrc2012/\"", imagenet);
        Assert.Contains("Register at https://image-net.org/", imagenet);
        XDocument.Parse(imagenet); // the instructions stay inside a well-formed comment
        // Comments are read as they are (no entities decoded there): the example reads as XML, not &lt;…&quot;
        Assert.Contains("(e.g. <DatasetRecipe Include=\"ILSVRC2012\" ManualDir=\"/data/imagenet\" />)", imagenet);
        Assert.Contains("(Training images (Task 1 & 2), 138 GB)", imagenet);
        Assert.DoesNotContain("&amp;", imagenet);
        Assert.DoesNotContain("&quot;", imagenet);
        Assert.DoesNotContain("downloads and verifies the official files", imagenet); // nothing is downloaded: the files come by hand
        CliRunner.Run("init", dir.File("ade"), "--name", "ade", "--recipe", "ADE20K").AssertSuccess();
        Assert.Contains("No MD5 is published for ADE20K/ADEChallengeData2016.zip", File.ReadAllText(Path.Combine(dir.File("ade"), "ade.dsproj")));

        var unknown = CliRunner.Run("init", dir.File("other"), "--recipe", "Nope").AssertOneErrorLine(2);
        Assert.Contains("Recipes: ADE20K, CIFAR10", unknown);
        Assert.False(Directory.Exists(dir.File("other")));
    }
}
