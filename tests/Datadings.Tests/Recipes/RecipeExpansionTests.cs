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
        Assert.Equal(["CIFAR10", "CIFAR100", "COCO2017", "FashionMNIST", "KMNIST", "MNIST"], catalog.Names);
        foreach (var name in catalog.Names)
        {
            var recipe = catalog.Get(name);
            Assert.Equal(name, recipe.Name);
            Assert.All(recipe.Sources, s => Assert.Matches("^[0-9a-f]{32}$", s.Md5));
            Assert.All(recipe.Sources, s => Assert.StartsWith("http", s.Url));
            var expansion = RecipeExpansion.Expand(recipe, new Dictionary<string, string>());
            // NAME-SPLIT per dataset; every recipe has a train split (COCO2017's other is val: test2017 has no annotations).
            Assert.Equal(recipe.Datasets.Select(d => $"{name}-{d.Split}"), expansion.Conversions.Select(c => c.Name));
            Assert.Contains($"{name}-train", expansion.Conversions.Select(c => c.Name));
            Assert.Equal(recipe.Sources.Count, expansion.Sources.Count); // every file is read by some dataset
            Assert.Empty(expansion.Unused);
        }
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
        File.WriteAllText(dir.File("Bad.json"), """{ "name": "Bad", "sources": [ { "name": "x" } ] }""");
        var catalog = RecipeCatalog.FromDirectory(dir.Path);

        var unknown = Assert.Throws<RecipeException>(() => catalog.Get("Nope"));
        Assert.StartsWith("there is no recipe called 'Nope'. Recipes: Bad, Good", unknown.Message);
        var bad = Assert.Throws<RecipeException>(() => catalog.Get("bad"));
        Assert.Equal($"recipe file {dir.File("Bad.json")}: an object lacks the string property \"md5\"", bad.Message);
    }
}
