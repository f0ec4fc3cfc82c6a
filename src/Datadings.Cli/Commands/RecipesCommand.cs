using System.CommandLine;
using System.Globalization;
using System.Text;
using Datadings.Recipes;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>recipes [NAME]</c>: the recipes for well-known datasets the SDK ships (the same JSON files, carried here as
/// resources), and what one expands to: sources with URL, MD5 and size, datasets with converter and options.
/// </summary>
internal static class RecipesCommand
{
    /// <summary>The recipes this tool carries: the SDK's Sdk/Recipes/*.json of the same version.</summary>
    public static RecipeCatalog Catalog { get; } = new(
        typeof(RecipesCommand).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("recipes/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => (Path.GetFileNameWithoutExtension(n["recipes/".Length..]), "recipes/" + n["recipes/".Length..], (Func<byte[]>)(() => Read(n)))));

    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "A recipe: show what it expands to (default: list them all).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("recipes", "List the recipes for well-known datasets (<DatasetRecipe Include=\"NAME\" />) and what each expands to.") { name };
        command.SetGuardedAction((parsed, _) =>
        {
            Console.Write(parsed.GetValue(name) is { } one ? Describe(Get(one)) : List());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The recipe called <paramref name="name"/>, or a usage error listing the recipes there are.</summary>
    public static DatasetRecipe Get(string name)
    {
        try
        {
            return Catalog.Get(name);
        }
        catch (RecipeException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string List()
    {
        var text = new StringBuilder();
        var recipes = Catalog.Names.Select(Catalog.Get).ToList();
        // One column as wide as the longest name (VOC2012Segmentation), so every title starts in it.
        var width = recipes.Max(r => r.Name.Length);
        foreach (var recipe in recipes)
        {
            var expansion = RecipeExpansion.Expand(recipe, new Dictionary<string, string>());
            text.Append(CultureInfo.InvariantCulture, $"{recipe.Name.PadRight(width)}  {recipe.Title}\n");
            text.Append(CultureInfo.InvariantCulture, $"{new string(' ', width)}    datasets: {string.Join(", ", expansion.Conversions.Select(c => c.Name))}{(recipe.ManualDownload is null ? "" : " (manual download)")}\n");
        }
        text.Append("\nUse one in a .dsproj: <DatasetRecipe Include=\"NAME\" />; details: datadings recipes NAME; a project: datadings init --recipe NAME\n");
        return text.ToString();
    }

    public static string Describe(DatasetRecipe recipe)
    {
        var expansion = RecipeExpansion.Expand(recipe, new Dictionary<string, string>());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{recipe.Name}: {recipe.Title}\n");
        if (recipe.Homepage.Length > 0) text.Append(CultureInfo.InvariantCulture, $"  homepage:   {recipe.Homepage}\n");
        if (recipe.License.Length > 0) text.Append(CultureInfo.InvariantCulture, $"  licence:    {recipe.License}\n");
        if (recipe.Provenance.Length > 0) text.Append(CultureInfo.InvariantCulture, $"  figures:    {recipe.Provenance}\n");
        if (recipe.ManualDownload is not null) text.Append(CultureInfo.InvariantCulture, $"  manual download: {recipe.ManualDownload}\n");
        text.Append("  options (metadata of the DatasetRecipe item):\n");
        foreach (var option in recipe.Options)
            text.Append(CultureInfo.InvariantCulture, $"    {option.Name} = {option.Default}{(option.Values.Count > 0 ? $" (one of {string.Join(", ", option.Values)})" : "")} {option.Description}\n");
        text.Append(CultureInfo.InvariantCulture, $"    Splits = {string.Join(";", recipe.Datasets.Select(d => d.Split).Where(s => s.Length > 0).Distinct())} (which datasets to build)\n");
        text.Append("    Mirror = (a folder or URL with the same files, tried before the official URL)\n");
        if (recipe.Sources.Any(s => s.ManualDownload.Length > 0))
            text.Append("    ManualDir = (the folder holding the files you downloaded by hand, under their official names)\n");
        text.Append("  sources:\n");
        foreach (var s in expansion.Sources)
            text.Append(CultureInfo.InvariantCulture, $"    {s.Name}  md5 {(s.Md5.Length > 0 ? s.Md5 : "(none published: declare yours)")}{(s.Size.Length > 0 ? $"  {s.Size} bytes" : "")}  {(s.Url.Length > 0 ? s.Url : "manual download")}\n");
        text.Append("  datasets:\n");
        foreach (var c in expansion.Conversions)
        {
            var options = c.Options.Where(o => !o.Key.Equals("ClassNames", StringComparison.OrdinalIgnoreCase)).Select(o => $"{o.Key}={o.Value}");
            text.Append(CultureInfo.InvariantCulture, $"    {c.Name}  {c.Converter}  {string.Join("  ", options)}\n");
        }
        if (expansion.ClassNames.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"  class names ({expansion.ClassNames.Count}{(recipe.ClassNamesOption.Length > 0 ? $", for {recipe.ClassNamesOption}={recipe.Options.First(o => o.Name == recipe.ClassNamesOption).Default}" : "")}): {string.Join(", ", expansion.ClassNames)}\n");
        return text.ToString();
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(RecipesCommand).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
