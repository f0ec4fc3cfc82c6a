using System.Globalization;
using Datadings.Conversions;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks;

/// <summary>
/// One <c>DatasetConversion</c> item read and checked: the dataset's name, its converter, options (all custom
/// metadata), the sources it names and its sharding.
/// </summary>
internal sealed record ConversionPlan(
    string DatasetName,
    string Converter,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<(ConversionSource Source, string Md5, string Size)> Sources,
    int? ShardSize,
    string? ConverterAssembly)
{
    /// <summary>
    /// Project files named by an option (e.g. the Coco converter's <c>LabelMap</c>): option name → full path. Their
    /// content is part of the fingerprint and the remote cache key, so editing one converts again.
    /// </summary>
    public IReadOnlyList<(string Option, string Path)> ReferencedFiles { get; init; } = [];

    public static ConversionPlan Read(ITaskItem item, IReadOnlyList<ITaskItem> resolvedSources, string projectDirectory)
    {
        var name = item.ItemSpec.Trim();
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) >= 0 || name.StartsWith('.'))
            throw ConversionContext.Invalid($"'{name}' cannot be a dataset name: it becomes the file name NAME.msgpack, so use letters, digits, '-', '_' or '.' (not first)");
        var converter = item.GetMetadata("Converter").Trim();
        if (converter.Length == 0)
            throw ConversionContext.Invalid($"DatasetConversion '{name}' has no Converter metadata (built-in: {string.Join(", ", BuiltInConverters.Names)}, or a custom converter's type name)");

        var options = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Keys and indexer only: the enumerator's element type differs between MSBuild versions.
        var metadata = item.CloneCustomMetadata();
        foreach (var key in metadata.Keys.Cast<string>().Where(ItemOptions.IsOption))
            options[key] = metadata[key] as string ?? "";

        int? shardSize = null;
        var shardText = item.GetMetadata("ShardSize").Trim();
        if (shardText.Length > 0)
        {
            if (!int.TryParse(shardText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
                throw ConversionContext.Invalid($"ShardSize '{shardText}' of dataset '{name}' must be a positive number of samples per shard");
            shardSize = size;
        }

        var assembly = item.GetMetadata("ConverterAssembly").Trim();
        var sources = NamedSources(options, resolvedSources);
        return new ConversionPlan(name, converter, options, sources, shardSize,
            assembly.Length == 0 ? null : Path.GetFullPath(Path.Combine(projectDirectory, assembly)))
        {
            ReferencedFiles = ProjectFiles(options, sources, projectDirectory),
        };
    }

    /// <summary>Option values that are files of the project rather than sources (a value naming no file is just text).</summary>
    private static List<(string, string)> ProjectFiles(IReadOnlyDictionary<string, string> options, List<(ConversionSource Source, string, string)> sources, string projectDirectory)
    {
        var files = new List<(string, string)>();
        foreach (var (key, value) in options)
        {
            var text = value.Trim();
            if (text.Length == 0 || text.Contains(';') || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0
                || sources.Any(s => s.Source.Name == text || Path.GetFileName(s.Source.Name) == text)) continue;
            var path = Path.GetFullPath(Path.Combine(projectDirectory, text));
            if (File.Exists(path)) files.Add((key, path));
        }
        return files;
    }

    /// <summary>
    /// The plan as far as the project declares it, before any source is resolved: each source by its Include and
    /// declared MD5 (required on every source), without a path. Enough for <see cref="ConversionStamp"/>'s
    /// fingerprint and cache key, which are the same as for the resolved plan; not for converting.
    /// </summary>
    public static ConversionPlan ReadDeclared(ITaskItem item, IReadOnlyList<ITaskItem> declaredSources, string projectDirectory) =>
        Read(item, [.. declaredSources.Select(AsUnresolved)], projectDirectory);

    private static ITaskItem AsUnresolved(ITaskItem declared)
    {
        var item = new Microsoft.Build.Utilities.TaskItem(declared.ItemSpec);
        item.SetMetadata("SourceName", declared.ItemSpec);
        item.SetMetadata("Md5", declared.GetMetadata("Md5").Trim().ToLowerInvariant());
        return item;
    }

    /// <summary>
    /// The sources a conversion reads are those its metadata names (by Include, or file name), in declaration
    /// order; with none named and one source in the project, that one. Only these count for incrementality.
    /// </summary>
    private static List<(ConversionSource, string, string)> NamedSources(IReadOnlyDictionary<string, string> options, IReadOnlyList<ITaskItem> resolved)
    {
        var mentioned = options.Values
            .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        var named = resolved.Where(s => mentioned.Contains(s.GetMetadata("SourceName")) || mentioned.Contains(Path.GetFileName(s.GetMetadata("SourceName")))).ToList();
        if (named.Count == 0 && resolved.Count == 1) named = [.. resolved];
        return named.Select(s => (new ConversionSource(s.GetMetadata("SourceName"), s.ItemSpec), s.GetMetadata("Md5"), s.GetMetadata("Size"))).ToList();
    }
}
