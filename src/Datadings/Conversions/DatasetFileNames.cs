using System.Globalization;
using System.Text.RegularExpressions;

namespace Datadings.Conversions;

/// <summary>
/// Names of a converted dataset's files: <c>NAME.msgpack</c>, or shards <c>NAME-00000.msgpack</c>,
/// <c>NAME-00001.msgpack</c>… (the order a <c>ShardedReader</c> pattern <c>NAME-*.msgpack</c> reads them in),
/// each with the five index files.
/// </summary>
public static partial class DatasetFileNames
{
    public static string Single(string directory, string name) => Path.Combine(directory, name + ".msgpack");

    public static string Shard(string directory, string name, int shard) =>
        Path.Combine(directory, $"{name}-{shard.ToString("D5", CultureInfo.InvariantCulture)}.msgpack");

    /// <summary>The pattern that opens every shard of a sharded dataset with <c>ShardedReader</c>.</summary>
    public static string ShardPattern(string directory, string name) => Path.Combine(directory, name + "-*.msgpack");

    /// <summary>Every file of the dataset <paramref name="name"/> that exists in <paramref name="directory"/>, sharded or not.</summary>
    public static IEnumerable<string> Existing(string directory, string name)
    {
        if (!Directory.Exists(directory)) return [];
        var shard = ShardFile();
        return Directory.EnumerateFiles(directory, name + "*")
            .Where(path =>
            {
                var file = Path.GetFileName(path);
                var dataFile = DatasetPaths.For(path).Data;
                var dataName = Path.GetFileName(dataFile);
                return IsDatasetFile(file, dataName)
                    && (dataName == name + ".msgpack"
                        || (dataName.StartsWith(name + "-", StringComparison.Ordinal) && shard.IsMatch(dataName[(name.Length + 1)..])));
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsDatasetFile(string file, string dataName) =>
        file == dataName || DatasetPaths.IndexSuffixes.Append(DatasetPaths.Md5Suffix).Append(DatasetPaths.LegacyIndexSuffix).Any(s => file == dataName + s);

    [GeneratedRegex(@"^[0-9]{5,}\.msgpack$")]
    private static partial Regex ShardFile();
}
