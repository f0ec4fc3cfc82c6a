namespace Datadings.Recipes;

/// <summary>
/// A set of recipes (one JSON document each, named after the recipe), looked up by name, ignoring case. The SDK
/// reads them from a folder (<see cref="FromDirectory"/>); the CLI carries the same files as resources.
/// </summary>
public sealed class RecipeCatalog
{
    private readonly SortedDictionary<string, (string Origin, Func<byte[]> Read)> _recipes = new(StringComparer.OrdinalIgnoreCase);

    public RecipeCatalog(IEnumerable<(string Name, string Origin, Func<byte[]> Read)> recipes)
    {
        foreach (var (name, origin, read) in recipes) _recipes[name] = (origin, read);
    }

    /// <summary>Every <c>NAME.json</c> in <paramref name="directory"/> (none if it does not exist).</summary>
    public static RecipeCatalog FromDirectory(string directory) =>
        new(Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json").Select(f => (Path.GetFileNameWithoutExtension(f), f, (Func<byte[]>)(() => File.ReadAllBytes(f))))
            : []);

    /// <summary>Recipe names, sorted.</summary>
    public IReadOnlyCollection<string> Names => _recipes.Keys;

    /// <summary>The recipe called <paramref name="name"/>; an unknown name throws, listing the recipes there are.</summary>
    public DatasetRecipe Get(string name)
    {
        if (!_recipes.TryGetValue(name.Trim(), out var recipe))
            throw new RecipeException($"there is no recipe called '{name}'. Recipes: {string.Join(", ", Names)} (see docs/recipes.md, or run `datadings recipes`)", RecipeProblem.UnknownRecipe);
        return DatasetRecipe.Parse(recipe.Read(), recipe.Origin);
    }
}
