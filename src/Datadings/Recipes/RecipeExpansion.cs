using System.Text.RegularExpressions;

namespace Datadings.Recipes;

/// <summary>
/// What a recipe expands to with the user's options: sources (with locations) and conversions (with their converter
/// options and, where the recipe gives them, <c>ClassNames</c>). Options every recipe understands:
/// <c>Splits</c> (<c>;</c>-separated, which datasets to build, default all), <c>Mirror</c> (a folder or URL holding
/// the same files, tried before the official URL), <c>ManualDir</c> (where hand-downloaded files are); any other
/// option must be declared by the recipe and fills its <c>{Option}</c> placeholders.
/// </summary>
public static partial class RecipeExpansion
{
    public static readonly IReadOnlyList<string> CommonOptions = ["Splits", "Mirror", "ManualDir"];

    /// <summary><paramref name="Name"/> is the DatasetSource Include: <c>RECIPE/FILE</c>, so two recipes with the same
    /// file names (MNIST and Fashion-MNIST) can share a project.</summary>
    public sealed record Source(string Name, string Url, string Mirrors, string Md5, string Size, string ManualDownload);

    public sealed record Conversion(string Name, string Converter, IReadOnlyDictionary<string, string> Options);

    /// <param name="Unused">Source item names of the recipe's files that the chosen splits do not read.</param>
    /// <param name="ClassNames">The recipe's class names for the chosen options (empty if it gives none).</param>
    public sealed record Result(IReadOnlyList<Source> Sources, IReadOnlyList<Conversion> Conversions, IReadOnlyList<string> Unused, IReadOnlyList<string> ClassNames);

    public static Result Expand(DatasetRecipe recipe, IReadOnlyDictionary<string, string> options)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in recipe.Options) values[option.Name] = option.Default;
        foreach (var (name, value) in options)
        {
            var declared = recipe.Options.FirstOrDefault(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (declared is null && !CommonOptions.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new RecipeException($"recipe {recipe.Name} has no option '{name}'; its options: {string.Join(", ", recipe.Options.Select(o => o.Name).Concat(CommonOptions))}", RecipeProblem.BadOption);
            // Values in any case, like recipe and option names (Subset="Balanced", KeepEmptyImages="True" as MSBuild
            // writes booleans); the recipe's own spelling is what fills names and options.
            var chosen = value.Trim();
            if (declared is { Values.Count: > 0 })
                chosen = declared.Values.FirstOrDefault(v => v.Equals(chosen, StringComparison.OrdinalIgnoreCase))
                    ?? throw new RecipeException($"recipe {recipe.Name}: {declared.Name} '{value}' is not one of {string.Join(", ", declared.Values)}", RecipeProblem.BadOption);
            values[declared?.Name ?? name] = chosen;
        }

        var splits = List(values.GetValueOrDefault("Splits", ""));
        var known = recipe.Datasets.Select(d => d.Split).Where(s => s.Length > 0).Distinct().ToList();
        foreach (var split in splits.Where(s => !known.Contains(s, StringComparer.OrdinalIgnoreCase)))
            throw new RecipeException($"recipe {recipe.Name} has no split '{split}'; its splits: {string.Join(", ", known)}", RecipeProblem.BadOption);

        string Fill(string text) => Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

        var files = recipe.Sources.Select(s => Fill(s.Name)).ToHashSet(StringComparer.Ordinal);
        string ItemName(string file) => recipe.Name + "/" + file;
        // Option values that name a recipe file name its DatasetSource item instead.
        string Rename(string value) => string.Join(';', value.Split(';').Select(v => files.Contains(v.Trim()) ? ItemName(v.Trim()) : v));

        var classNames = recipe.ClassNamesOption.Length == 0 ? recipe.ClassNames
            : recipe.ClassNamesByValue.GetValueOrDefault(values.GetValueOrDefault(recipe.ClassNamesOption, ""))
              ?? throw new RecipeException($"recipe {recipe.Name} gives no class names for {recipe.ClassNamesOption} '{values.GetValueOrDefault(recipe.ClassNamesOption, "")}'", RecipeProblem.InvalidFile);
        var conversions = new List<Conversion>();
        foreach (var dataset in recipe.Datasets.Where(d => splits.Count == 0 || splits.Contains(d.Split, StringComparer.OrdinalIgnoreCase)))
        {
            var converterOptions = dataset.Options.ToDictionary(p => p.Key, p => Rename(Fill(p.Value)), StringComparer.OrdinalIgnoreCase);
            if (classNames.Count > 0 && !converterOptions.ContainsKey("ClassNames"))
                converterOptions["ClassNames"] = string.Join(';', classNames);
            conversions.Add(new Conversion(Fill(dataset.Name), dataset.Converter, converterOptions));
        }

        // Only the sources the chosen datasets read: building the test split alone downloads no training file.
        var named = conversions.SelectMany(c => c.Options.Values).SelectMany(List).ToHashSet(StringComparer.Ordinal);
        var mirror = values.GetValueOrDefault("Mirror", "");
        var manualDir = values.GetValueOrDefault("ManualDir", "");
        var sources = new List<Source>();
        foreach (var source in recipe.Sources)
        {
            var name = Fill(source.Name);
            if (!named.Contains(ItemName(name))) continue;
            var official = Fill(source.Url);
            var first = official;
            var mirrors = "";
            if (manualDir.Length > 0 && source.ManualDownload.Length > 0) first = Join(manualDir, name);
            else if (mirror.Length > 0) (first, mirrors) = (Join(mirror, name), official);
            sources.Add(new Source(ItemName(name), first, mirrors, Fill(source.Md5),
                source.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Fill(source.ManualDownload)));
        }
        return new Result(sources, conversions, [.. files.Select(ItemName).Where(n => !named.Contains(n))], classNames);
    }

    private static string Join(string folderOrUrl, string name) =>
        folderOrUrl.EndsWith('/') || folderOrUrl.EndsWith('\\') ? folderOrUrl + name : folderOrUrl + "/" + name;

    private static List<string> List(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}
