using System.Text.Json;

namespace Datadings.Recipes;

/// <summary>
/// A recipe for a well-known dataset, read from one JSON file (the SDK ships them in <c>Sdk/Recipes/NAME.json</c>):
/// its official sources (file name, URL, MD5, size), the datasets it converts them into (name, split, converter and
/// converter options), class names, and the options a user may set (each with a default and the values allowed).
/// Strings may hold <c>{Option}</c> placeholders that expansion replaces with the option's value. Class names may
/// depend on an option (<c>"classNames": { "option": "Subset", "values": { "digits": [...], ... } }</c>: EMNIST's
/// subsets each have their own). A source without an MD5 has none published: the user must declare it (DD9005).
/// The format is documented in docs/recipes.md; errors name the file and the JSON path.
/// </summary>
public sealed record DatasetRecipe(
    string Name,
    string Title,
    string Homepage,
    string License,
    string Provenance,
    string? ManualDownload,
    IReadOnlyList<RecipeOption> Options,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<RecipeSource> Sources,
    IReadOnlyList<RecipeDataset> Datasets)
{
    /// <summary>When class names depend on an option: its name (else empty) and the names for each of its values.</summary>
    public string ClassNamesOption { get; init; } = "";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ClassNamesByValue { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Reads a recipe file; <see cref="RecipeException"/> names the file and what is wrong.</summary>
    public static DatasetRecipe Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Reads a recipe from its JSON bytes; <paramref name="path"/> names it in errors.</summary>
    public static DatasetRecipe Parse(byte[] json, string path)
    {
        try
        {
            // A UTF-8 byte order mark (as some editors write) is not JSON; skip it.
            var text = json.AsMemory(json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = doc.RootElement;
            var byOption = root.TryGetProperty("classNames", out var names) && names.ValueKind == JsonValueKind.Object ? names : (JsonElement?)null;
            return new DatasetRecipe(
                Required(root, "name", path),
                Optional(root, "title"),
                Optional(root, "homepage"),
                Optional(root, "license"),
                Optional(root, "provenance"),
                root.TryGetProperty("manualDownload", out var manual) ? manual.GetString() : null,
                Array(root, "options").Select(o => new RecipeOption(Required(o, "name", path), Optional(o, "default"),
                    Array(o, "values").Select(v => v.GetString() ?? "").ToList(), Optional(o, "description"))).ToList(),
                byOption is null ? Array(root, "classNames").Select(v => v.GetString() ?? "").ToList() : [],
                Array(root, "sources").Select(s => new RecipeSource(Required(s, "name", path), Optional(s, "url"), Optional(s, "md5"),
                    s.TryGetProperty("size", out var size) ? size.GetInt64() : null, Optional(s, "manualDownload"))).ToList(),
                Array(root, "datasets").Select(d => new RecipeDataset(Required(d, "name", path), Optional(d, "split"),
                    Required(d, "converter", path), Strings(d, "options"))).ToList())
            {
                ClassNamesOption = byOption is { } b ? Required(b, "option", path) : "",
                ClassNamesByValue = byOption is { } o && o.TryGetProperty("values", out var values)
                    ? values.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList(), StringComparer.Ordinal)
                    : new Dictionary<string, IReadOnlyList<string>>(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new RecipeException($"recipe file {path} is not a valid recipe: {e.Message}", RecipeProblem.InvalidFile);
        }
    }

    private static string Required(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } s ? s
            : throw new RecipeException($"recipe file {path}: an object lacks the string property \"{name}\"", RecipeProblem.InvalidFile);

    private static string Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.EnumerateArray() : [];

    private static IReadOnlyDictionary<string, string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>An option a user sets as metadata of the recipe item; <see cref="Values"/> empty = any value.</summary>
public sealed record RecipeOption(string Name, string Default, IReadOnlyList<string> Values, string Description);

/// <summary>One file of the recipe: file name (the DatasetSource Include), official URL, MD5 (empty: none is published),
/// size in bytes (if published).</summary>
public sealed record RecipeSource(string Name, string Url, string Md5, long? Size, string ManualDownload);

/// <summary>One dataset: its name, split (for the Splits option), converter and converter options (which name sources).</summary>
public sealed record RecipeDataset(string Name, string Split, string Converter, IReadOnlyDictionary<string, string> Options);

/// <summary>What went wrong with a recipe, so callers can give each its own error code.</summary>
public enum RecipeProblem { UnknownRecipe, BadOption, InvalidFile }

/// <summary>A recipe that does not exist, an option value it does not allow, or a recipe file that is not valid.</summary>
public sealed class RecipeException(string message, RecipeProblem problem) : Exception(message)
{
    public RecipeProblem Problem { get; } = problem;
}
