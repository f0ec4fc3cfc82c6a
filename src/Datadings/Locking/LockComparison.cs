using System.Globalization;

namespace Datadings.Locking;

/// <summary>What kind of difference between a lock and a build.</summary>
public enum LockDifferenceKind
{
    SourceChanged,
    SourceAdded,
    SourceRemoved,
    DatasetAdded,
    DatasetRemoved,
    RecipeChanged,
    SamplesChanged,
    FileChanged,
}

/// <summary>
/// One difference: the source or dataset it concerns, the line of its entry in the lock (0 when the lock has no entry),
/// and a sentence naming both values.
/// </summary>
public sealed record LockDifference(LockDifferenceKind Kind, string Subject, int Line, string Message);

/// <summary>
/// Compares the lock a project keeps with what its build has (or declares). Every difference is reported on its
/// own, so a CI log lists them all at once. The SDK version and source URLs are not compared: the MD5s pin content,
/// and a new SDK that still gives the same bytes is no drift.
/// </summary>
public static class LockComparison
{
    /// <summary>Sources only, from the declarations (name → MD5), before anything is downloaded.</summary>
    public static List<LockDifference> CompareSources(DatasetsLock locked, IReadOnlyDictionary<string, string> declaredMd5s)
    {
        var differences = new List<LockDifference>();
        foreach (var (name, md5) in declaredMd5s.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!locked.Sources.TryGetValue(name, out var entry))
                differences.Add(new(LockDifferenceKind.SourceAdded, name, 0, $"source '{name}' (MD5 {md5}) is not in the lock"));
            else if (!string.Equals(entry.Md5, md5, StringComparison.OrdinalIgnoreCase))
                differences.Add(new(LockDifferenceKind.SourceChanged, name, entry.Line, $"source '{name}' has MD5 {entry.Md5} in the lock but {md5.ToLowerInvariant()} in the project"));
        }
        foreach (var (name, entry) in locked.Sources.Where(s => !declaredMd5s.ContainsKey(s.Key)))
            differences.Add(new(LockDifferenceKind.SourceRemoved, name, entry.Line, $"source '{name}' (MD5 {entry.Md5}) is in the lock but no longer in the project"));
        return differences;
    }

    /// <summary>Everything: sources (MD5 and size), and every dataset's recipe, sample count and files.</summary>
    public static List<LockDifference> Compare(DatasetsLock locked, DatasetsLock built)
    {
        var differences = CompareSources(locked, built.Sources.ToDictionary(s => s.Key, s => s.Value.Md5));
        foreach (var (name, source) in built.Sources)
        {
            if (locked.Sources.TryGetValue(name, out var entry) && entry.Md5 == source.Md5 && entry.Size != source.Size)
                differences.Add(new(LockDifferenceKind.SourceChanged, name, entry.Line, $"source '{name}' has {Count(entry.Size)} bytes in the lock but {Count(source.Size)} in this build"));
        }

        foreach (var (name, dataset) in built.Datasets)
        {
            if (!locked.Datasets.TryGetValue(name, out var entry))
            {
                differences.Add(new(LockDifferenceKind.DatasetAdded, name, 0, $"dataset '{name}' ({dataset.Item} {dataset.Producer}, {Count(dataset.Samples)} samples) is not in the lock"));
                continue;
            }
            differences.AddRange(CompareDataset(name, entry, dataset));
        }
        foreach (var (name, entry) in locked.Datasets.Where(d => !built.Datasets.ContainsKey(d.Key)))
            differences.Add(new(LockDifferenceKind.DatasetRemoved, name, entry.Line, $"dataset '{name}' ({entry.Item} {entry.Producer}) is in the lock but this build did not produce it"));
        return differences;
    }

    /// <summary>Files only (for a folder of built datasets, where recipes are unknown): MD5, size and samples of each.</summary>
    public static IEnumerable<LockDifference> CompareFiles(string name, LockedDataset locked, IReadOnlyDictionary<string, LockedFile> found)
    {
        foreach (var (file, entry) in locked.Files)
        {
            if (!found.TryGetValue(file, out var actual))
                yield return new(LockDifferenceKind.FileChanged, name, entry.Line, $"dataset '{name}': file {file} is in the lock (MD5 {entry.Md5}) but missing");
            else if (actual.Md5 != entry.Md5)
                yield return new(LockDifferenceKind.FileChanged, name, entry.Line, $"dataset '{name}': file {file} has MD5 {entry.Md5} in the lock but {actual.Md5} now");
            else if (actual.Size != entry.Size)
                yield return new(LockDifferenceKind.FileChanged, name, entry.Line, $"dataset '{name}': file {file} has {Count(entry.Size)} bytes in the lock but {Count(actual.Size)} now");
            else if (actual.Samples != entry.Samples)
                yield return new(LockDifferenceKind.FileChanged, name, entry.Line, $"dataset '{name}': file {file} has {Count(entry.Samples)} samples in the lock but {Count(actual.Samples)} now");
        }
        foreach (var (file, actual) in found.Where(f => !locked.Files.ContainsKey(f.Key)))
            yield return new(LockDifferenceKind.FileChanged, name, locked.Line, $"dataset '{name}': file {file} (MD5 {actual.Md5}) is not in the lock");
    }

    private static IEnumerable<LockDifference> CompareDataset(string name, LockedDataset locked, LockedDataset built)
    {
        if (locked.Item != built.Item || locked.Producer != built.Producer)
            yield return Recipe(name, locked, $"is produced by {locked.Item} {locked.Producer} in the lock but by {built.Item} {built.Producer} in the project");
        if (locked.Code != built.Code)
            yield return Recipe(name, locked, $"was produced by code '{locked.Code}' in the lock but by '{built.Code}' in this build");
        foreach (var key in locked.Options.Keys.Union(built.Options.Keys).Order(StringComparer.Ordinal))
        {
            var before = locked.Options.GetValueOrDefault(key);
            var now = built.Options.GetValueOrDefault(key);
            if (before != now)
                yield return Recipe(name, locked, $"option {key} is {Quote(before)} in the lock but {Quote(now)} in the project") with
                {
                    Line = locked.OptionLines.GetValueOrDefault(key, locked.Line),
                };
        }
        if (!locked.Inputs.SequenceEqual(built.Inputs))
            yield return Recipe(name, locked, $"is derived from [{string.Join(", ", locked.Inputs)}] in the lock but from [{string.Join(", ", built.Inputs)}] in the project");
        if (locked.Samples != built.Samples)
            yield return new(LockDifferenceKind.SamplesChanged, name, locked.Line, $"dataset '{name}' has {Count(locked.Samples)} samples in the lock but {Count(built.Samples)} in this build");
        foreach (var difference in CompareFiles(name, locked, built.Files))
            yield return difference;
    }

    private static LockDifference Recipe(string name, LockedDataset locked, string what) =>
        new(LockDifferenceKind.RecipeChanged, name, locked.Line, $"dataset '{name}' {what}");

    private static string Quote(string? value) => value is null ? "not set" : $"'{value}'";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
