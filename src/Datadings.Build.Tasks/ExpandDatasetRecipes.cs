using Datadings.Recipes;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks;

/// <summary>
/// <c>DatasetRecipe</c> items → the <c>DatasetSource</c> and <c>DatasetConversion</c> items their recipe files
/// describe. The recipe data lives in JSON files (<see cref="RecipeDirectory"/>); this task only reads them.
/// A <c>DatasetSource</c> the project declares with the name of a recipe's file overrides it metadata by metadata
/// (Md5, Url, Size, …); giving Md5 without Size drops the recipe's Size, which belongs to the recipe's bytes.
/// </summary>
public sealed class ExpandDatasetRecipes : DatadingsTask
{
    /// <summary>Errors: DD9001 unknown recipe, DD9002 bad option, DD9003 invalid recipe file, DD9004 a dataset name twice,
    /// DD9005 a recipe file without a published MD5 that the project does not give one for.</summary>
    public const string UnknownRecipe = "DD9001", BadOption = "DD9002", InvalidRecipe = "DD9003", DuplicateDataset = "DD9004", Md5Needed = "DD9005";

    [Required] public ITaskItem[] Recipes { get; set; } = [];

    [Required] public string RecipeDirectory { get; set; } = "";

    /// <summary>The project's own DatasetSource items (overrides of recipe files by name).</summary>
    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>The project's own DatasetConversion items (a recipe dataset of the same name is an error).</summary>
    public ITaskItem[] Conversions { get; set; } = [];

    /// <summary>The recipes' sources, merged with the project's overrides; replace DatasetSource items of the same name.</summary>
    [Output] public ITaskItem[] RecipeSources { get; private set; } = [];

    [Output] public ITaskItem[] RecipeConversions { get; private set; } = [];

    /// <summary>The project's overrides of recipe files that the chosen splits do not read: removed, never downloaded.</summary>
    [Output] public ITaskItem[] UnusedSources { get; private set; } = [];

    public override bool Execute()
    {
        var catalog = RecipeCatalog.FromDirectory(RecipeDirectory);
        var overrides = Sources.GroupBy(s => s.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var names = Conversions.Select(c => c.ItemSpec).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sources = new List<ITaskItem>();
        // Two items of one recipe (EMNIST Subset="balanced" and Subset="letters") read the same file: one source.
        var sourcesByName = new Dictionary<string, ITaskItem>(StringComparer.Ordinal);
        var conversions = new List<ITaskItem>();
        var unused = new List<ITaskItem>();
        foreach (var recipeItem in Recipes)
        {
            RecipeExpansion.Result result;
            try
            {
                var recipe = catalog.Get(recipeItem.ItemSpec);
                result = RecipeExpansion.Expand(recipe, UserOptions(recipeItem));
            }
            catch (RecipeException e)
            {
                var code = e.Problem switch { RecipeProblem.UnknownRecipe => UnknownRecipe, RecipeProblem.InvalidFile => InvalidRecipe, _ => BadOption };
                LogProjectError(code, $"DatasetRecipe '{recipeItem.ItemSpec}': {e.Message}");
                continue;
            }
            unused.AddRange(result.Unused.Where(overrides.ContainsKey).Select(n => new TaskItem(n)));
            foreach (var source in result.Sources)
            {
                var merged = Merge(recipeItem.ItemSpec, source, overrides.GetValueOrDefault(source.Name));
                if (merged.GetMetadata("Md5").Length == 0)
                {
                    // No MD5 is published for this file (e.g. ADE20K gives only a SHA-1, Cityscapes none we could check).
                    LogProjectError(Md5Needed, $"DatasetRecipe '{recipeItem.ItemSpec}': no MD5 is published for {source.Name}, so the recipe cannot check your copy. "
                        + $"Compute it (md5sum {source.Name[(source.Name.IndexOf('/') + 1)..]}) and declare it: <DatasetSource Include=\"{source.Name}\" Md5=\"…\" /> (see docs/recipes.md).");
                    continue;
                }
                if (sourcesByName.TryGetValue(merged.ItemSpec, out var earlier))
                {
                    if (Differing(earlier, merged) is { } metadata)
                        LogProjectError(BadOption, $"DatasetRecipe '{recipeItem.ItemSpec}': {source.Name} is read by two {recipeItem.ItemSpec} items that give it different {metadata} "
                            + $"('{earlier.GetMetadata(metadata)}' and '{merged.GetMetadata(metadata)}'); give both the same Mirror and ManualDir.");
                    continue;
                }
                sourcesByName.Add(merged.ItemSpec, merged);
                sources.Add(merged);
            }
            foreach (var conversion in result.Conversions)
            {
                if (!names.Add(conversion.Name))
                {
                    LogProjectError(DuplicateDataset, $"DatasetRecipe '{recipeItem.ItemSpec}' produces the dataset '{conversion.Name}', which another item of the project also produces; "
                        + "remove one of them or build fewer splits (Splits metadata).");
                    continue;
                }
                var item = new TaskItem(conversion.Name);
                item.SetMetadata("Converter", conversion.Converter);
                item.SetMetadata("Recipe", recipeItem.ItemSpec);
                foreach (var (key, value) in conversion.Options) item.SetMetadata(key, value);
                foreach (var key in new[] { "ShardSize", "CopyToReferencingProjects" })
                    if (recipeItem.GetMetadata(key) is { Length: > 0 } value) item.SetMetadata(key, value);
                conversions.Add(item);
            }
        }
        RecipeSources = [.. sources];
        RecipeConversions = [.. conversions];
        UnusedSources = [.. unused];
        return !Log.HasLoggedErrors;
    }

    // Recipe options are the recipe item's custom metadata, minus those that pass through to every conversion.
    private static Dictionary<string, string> UserOptions(ITaskItem item)
    {
        var metadata = item.CloneCustomMetadata();
        return metadata.Keys.Cast<string>()
            .Where(k => k is not ("ShardSize" or "CopyToReferencingProjects") && ItemOptions.IsOption(k))
            .ToDictionary(k => k, k => metadata[k] as string ?? "", StringComparer.OrdinalIgnoreCase);
    }

    private static readonly string[] SourceMetadata = ["Url", "Mirrors", "Md5", "Size", "ManualDownload"];

    /// <summary>The first metadata in which two expansions of one recipe file differ, or null when they are the same source.</summary>
    private static string? Differing(ITaskItem a, ITaskItem b) =>
        SourceMetadata.FirstOrDefault(m => !string.Equals(a.GetMetadata(m), b.GetMetadata(m), StringComparison.Ordinal));

    private static TaskItem Merge(string recipe, RecipeExpansion.Source source, ITaskItem? user)
    {
        var item = new TaskItem(source.Name);
        item.SetMetadata("Recipe", recipe);
        // TaskItem keeps metadata in escaped form: a URL's %-escapes reach the download as written in the recipe.
        item.SetMetadata("Url", source.Url);
        item.SetMetadata("Mirrors", source.Mirrors);
        item.SetMetadata("Md5", source.Md5);
        item.SetMetadata("Size", source.Size);
        item.SetMetadata("ManualDownload", source.ManualDownload);
        if (user is null) return item;
        var metadata = user.CloneCustomMetadata();
        var keys = metadata.Keys.Cast<string>().Where(ItemOptions.IsOption).ToList();
        if (keys.Contains("Md5", StringComparer.OrdinalIgnoreCase) && !keys.Contains("Size", StringComparer.OrdinalIgnoreCase))
            item.SetMetadata("Size", "");
        foreach (var key in keys)
            item.SetMetadata(key, user is ITaskItem2 escaped ? escaped.GetMetadataValueEscaped(key) : user.GetMetadata(key));
        return item;
    }
}
