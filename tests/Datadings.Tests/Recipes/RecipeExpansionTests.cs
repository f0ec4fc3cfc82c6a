using System.Text;
using Datadings.Recipes;
using Datadings.Tests.Support;

namespace Datadings.Tests.Recipes;

public class RecipeExpansionTests
{
    /// <summary>The recipes the SDK ships, from the source tree (the test runs from tests/Datadings.Tests/bin/…).</summary>
    private static string ShippedRecipes()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Datadings.Build.sln")))
                return Path.Combine(dir.FullName, "sdk", "Datadings.Sdk", "Sdk", "Recipes");
        throw new InvalidOperationException("the repository root (Datadings.Build.sln) is not above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_shipped_recipe_parses_and_expands_into_sources_each_named_by_a_conversion()
    {
        var catalog = RecipeCatalog.FromDirectory(ShippedRecipes());
        Assert.Equal(["ADE20K", "CIFAR10", "CIFAR100", "Cityscapes", "COCO2017", "EMNIST", "FashionMNIST", "ILSVRC2012", "KMNIST", "MNIST", "Places365", "VOC2012", "VOC2012Segmentation"], catalog.Names);
        foreach (var name in catalog.Names)
        {
            var recipe = catalog.Get(name);
            Assert.Equal(name, recipe.Name);
            // Only where no MD5 is published (the build then asks the user for theirs, DD9005).
            Assert.All(recipe.Sources, s => Assert.Matches(name is "ADE20K" or "Cityscapes" ? "^$" : "^[0-9a-f]{32}$", s.Md5));
            Assert.All(recipe.Sources, s => Assert.True(s.Url.StartsWith("http", StringComparison.Ordinal) || s.ManualDownload.Length > 0, $"{name}: {s.Name} has neither a URL nor manual-download instructions"));
            var expansion = RecipeExpansion.Expand(recipe, new Dictionary<string, string>());
            // NAME-SPLIT per dataset (EMNIST: NAME-SUBSET-SPLIT); every recipe has a train split, the other is test or
            // val (COCO2017's test2017 has no annotations; ILSVRC2012's labelled held-out split is val).
            string prefix = name == "EMNIST" ? "EMNIST-balanced" : name;
            Assert.Equal(recipe.Datasets.Select(d => $"{prefix}-{d.Split}"), expansion.Conversions.Select(c => c.Name));
            Assert.Contains($"{prefix}-train", expansion.Conversions.Select(c => c.Name));
            Assert.Equal(recipe.Sources.Count, expansion.Sources.Count); // every file is read by some dataset
            Assert.Empty(expansion.Unused);
            Assert.All(expansion.Conversions, c => Assert.NotNull(Datadings.Conversions.BuiltInConverters.TryCreate(c.Converter)));
        }
    }

    [Theory]
    [InlineData("balanced", 47, "0;1;2;3;4;5;6;7;8;9;A;B;C;D;E;F;G;H;I;J;K;L;M;N;O;P;Q;R;S;T;U;V;W;X;Y;Z;a;b;d;e;f;g;h;n;q;r;t")]
    [InlineData("byclass", 62, null)]
    [InlineData("letters", 27, "N/A;a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;t;u;v;w;x;y;z")]
    [InlineData("digits", 10, "0;1;2;3;4;5;6;7;8;9")]
    public void Emnist_class_names_follow_the_subset_and_its_files_are_entries_of_the_one_zip(string subset, int count, string? names)
    {
        var recipe = RecipeCatalog.FromDirectory(ShippedRecipes()).Get("EMNIST");
        var result = RecipeExpansion.Expand(recipe, new Dictionary<string, string> { ["Subset"] = subset, ["Splits"] = "test" });

        Assert.Equal(count, result.ClassNames.Count);
        var test = Assert.Single(result.Conversions);
        Assert.Equal($"EMNIST-{subset}-test", test.Name);
        Assert.Equal(string.Join(';', result.ClassNames), test.Options["ClassNames"]);
        if (names is not null) Assert.Equal(names, test.Options["ClassNames"]);
        Assert.Equal(("EMNIST/gzip.zip", $"gzip/emnist-{subset}-test-images-idx3-ubyte.gz", "true"), (test.Options["Source"], test.Options["Images"], test.Options["Transpose"]));
        Assert.Equal("EMNIST/gzip.zip", Assert.Single(result.Sources).Name);
    }

    private static DatasetRecipe Synthetic()
    {
        using var dir = new TempDir();
        var path = dir.File("Toy.json");
        File.WriteAllText(path, """
            {
              "name": "Toy",
              "options": [ { "name": "Subset", "default": "small", "values": ["small", "large"] } ],
              "classNames": ["a", "b"],
              "sources": [
                { "name": "train-{Subset}.gz", "url": "https://example.org/x%2By/train-{Subset}.gz", "md5": "0123456789abcdef0123456789abcdef", "size": 10 },
                { "name": "test-{Subset}.gz", "url": "https://example.org/x%2By/test-{Subset}.gz", "md5": "fedcba9876543210fedcba9876543210" }
              ],
              "datasets": [
                { "name": "Toy-{Subset}-train", "split": "train", "converter": "Idx", "options": { "Images": "train-{Subset}.gz" } },
                { "name": "Toy-{Subset}-test", "split": "test", "converter": "Idx", "options": { "Images": "test-{Subset}.gz", "ClassNames": "x;y" } }
              ]
            }
            """, Encoding.UTF8);
        return DatasetRecipe.Load(path);
    }

    [Fact]
    public void Options_fill_placeholders_choose_splits_and_put_a_mirror_before_the_official_url()
    {
        var result = RecipeExpansion.Expand(Synthetic(), new Dictionary<string, string>
        {
            ["subset"] = "large", ["Splits"] = "test", ["Mirror"] = "/data/toy",
        });

        var conversion = Assert.Single(result.Conversions);
        Assert.Equal("Toy-large-test", conversion.Name);
        Assert.Equal("Toy/test-large.gz", conversion.Options["Images"]); // a file name becomes its item name
        Assert.Equal("x;y", conversion.Options["ClassNames"]);          // the dataset's own names beat the recipe's
        var source = Assert.Single(result.Sources);
        Assert.Equal(("Toy/test-large.gz", "/data/toy/test-large.gz", "https://example.org/x%2By/test-large.gz", ""),
            (source.Name, source.Url, source.Mirrors, source.Size));
        Assert.Equal(["Toy/train-large.gz"], result.Unused);
    }

    [Fact]
    public void Recipe_class_names_go_to_datasets_without_their_own()
    {
        var result = RecipeExpansion.Expand(Synthetic(), new Dictionary<string, string>());
        Assert.Equal("a;b", result.Conversions[0].Options["ClassNames"]);
        Assert.Equal("10", result.Sources[0].Size);
        Assert.Equal("https://example.org/x%2By/train-small.gz", result.Sources[0].Url);
    }

    [Fact]
    public void Option_values_and_splits_are_taken_in_any_case_and_written_as_the_recipe_spells_them()
    {
        var result = RecipeExpansion.Expand(Synthetic(), new Dictionary<string, string> { ["Subset"] = "Large", ["Splits"] = "Test" });
        var conversion = Assert.Single(result.Conversions);
        Assert.Equal("Toy-large-test", conversion.Name);
        Assert.Equal("Toy/test-large.gz", conversion.Options["Images"]);
    }

    [Theory]
    [InlineData("Subset", "huge", "recipe Toy: Subset 'huge' is not one of small, large")]
    [InlineData("Splits", "validation", "recipe Toy has no split 'validation'; its splits: train, test")]
    [InlineData("Colour", "red", "recipe Toy has no option 'Colour'; its options: Subset, Splits, Mirror, ManualDir")]
    public void A_bad_option_is_an_error_saying_what_is_allowed(string option, string value, string message)
    {
        var e = Assert.Throws<RecipeException>(() => RecipeExpansion.Expand(Synthetic(), new Dictionary<string, string> { [option] = value }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_recipes_and_a_broken_file_is_named()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("Good.json"), """{ "name": "Good" }""");
        File.WriteAllText(dir.File("Bad.json"), """{ "name": "Bad", "sources": [ { "url": "x" } ] }""");
        var catalog = RecipeCatalog.FromDirectory(dir.Path);

        var unknown = Assert.Throws<RecipeException>(() => catalog.Get("Nope"));
        Assert.StartsWith("there is no recipe called 'Nope'. Recipes: Bad, Good", unknown.Message);
        var bad = Assert.Throws<RecipeException>(() => catalog.Get("bad"));
        Assert.Equal($"recipe file {dir.File("Bad.json")}: an object lacks the string property \"name\"", bad.Message);
    }
}
