using System.Text;
using System.Text.Json;
using Datadings.IndexFiles;

namespace Datadings.Views;

/// <summary>
/// The identity of a view's base dataset when the view was made: enough to notice that the base has been
/// replaced or changed since (its data file's MD5 as its <c>.md5</c> lists it, its size and its sample count).
/// </summary>
public sealed record BaseFingerprint(string Md5, long Size, int Count)
{
    /// <summary>
    /// The fingerprint of the dataset at <paramref name="dataPath"/>. The MD5 comes from the dataset's <c>.md5</c>
    /// file when there is one (cheap); otherwise the data file is hashed.
    /// </summary>
    public static BaseFingerprint Of(string dataPath, int count)
    {
        var paths = DatasetPaths.For(dataPath);
        string? md5 = null;
        if (File.Exists(paths.Md5))
            md5 = Md5File.Read(paths.Md5).FirstOrDefault(e => e.FileName == Path.GetFileName(paths.Data))?.Md5;
        return new BaseFingerprint((md5 ?? Md5File.HashFile(paths.Data)).ToLowerInvariant(), new FileInfo(paths.Data).Length, count);
    }
}

/// <summary>
/// A non-materialized view on disk (a small JSON file, schema in docs/derived.md): the base dataset's path relative
/// to the view file, the base's <see cref="BaseFingerprint"/>, and the rows as <c>"indices"</c> (one base sample
/// per view sample) or <c>"rows"</c> (lists of base indices, e.g. windows).
/// </summary>
public sealed record ViewFile(string BasePath, BaseFingerprint Base, ViewDefinition View)
{
    public const int FormatVersion = 1;
    private const string VersionProperty = "datadings_view";

    /// <summary>The base dataset's data file, resolved against the directory of the view file at <paramref name="viewPath"/>.</summary>
    public string ResolveBase(string viewPath) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(viewPath))!, BasePath));

    /// <summary>The file's text: one row per line so that a diff of two views is readable.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append($"  \"{VersionProperty}\": {FormatVersion},\n");
        // JsonEncodedText escapes as JsonSerializer.Serialize(string) does (JavaScriptEncoder.Default), without reflection (Native AOT).
        text.Append($"  \"base\": \"{JsonEncodedText.Encode(BasePath)}\",\n");
        text.Append($"  \"base_md5\": \"{Base.Md5}\",\n");
        text.Append($"  \"base_size\": {Base.Size},\n");
        text.Append($"  \"base_count\": {Base.Count},\n");
        bool flat = View.Rows.All(row => row.Length == 1);
        text.Append(flat ? "  \"indices\": [" : "  \"rows\": [");
        for (int r = 0; r < View.Rows.Count; r++)
        {
            text.Append(r == 0 ? "\n    " : flat && r % 16 != 0 ? ", " : ",\n    ");
            text.Append(flat ? View.Rows[r][0].ToString() : "[" + string.Join(", ", View.Rows[r]) + "]");
        }
        text.Append(View.Rows.Count > 0 ? "\n  ]\n}\n" : "]\n}\n");
        return text.ToString();
    }

    /// <summary>Writes the view file all-or-nothing, its base path made relative to the view's directory.</summary>
    public static ViewFile Create(string viewPath, string baseDataPath, BaseFingerprint fingerprint, ViewDefinition view)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(viewPath))!;
        string relative = Path.GetRelativePath(directory, Path.GetFullPath(baseDataPath)).Replace('\\', '/');
        return new ViewFile(relative, fingerprint, view);
    }

    public static ViewFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the view file {path} does not exist", path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the view file is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", e);
        }
        using (document)
        {
            try
            {
                return FromJson(document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
            {
                throw new InvalidDataException($"{path}: not a datadings view file: {e.Message}", e);
            }
        }
    }

    private static ViewFile FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(VersionProperty, out var version))
            throw new FormatException($"expected a JSON object with \"{VersionProperty}\": {FormatVersion}");
        if (version.GetInt32() != FormatVersion)
            throw new FormatException($"version {version.GetInt32()} is not supported (this library reads version {FormatVersion})");
        var fingerprint = new BaseFingerprint(
            root.GetProperty("base_md5").GetString()!, root.GetProperty("base_size").GetInt64(), root.GetProperty("base_count").GetInt32());

        List<int[]> rows;
        if (root.TryGetProperty("indices", out var indices))
            rows = indices.EnumerateArray().Select(i => new[] { i.GetInt32() }).ToList();
        else if (root.TryGetProperty("rows", out var rowArray))
            rows = rowArray.EnumerateArray().Select(row => row.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToList();
        else
            throw new FormatException("expected \"indices\" or \"rows\"");
        return new ViewFile(root.GetProperty("base").GetString()!, fingerprint, new ViewDefinition(rows));
    }
}
