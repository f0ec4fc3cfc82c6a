using Datadings.IndexFiles;
using Datadings.Reading;

namespace Datadings.Locking;

/// <summary>
/// Checks a folder of built datasets (a project's <c>bin/datasets</c>, or the copies beside a model or published app)
/// against a lock, without MSBuild: every file the lock lists is hashed in full (the <c>.md5</c> files are not
/// trusted) and its samples counted from its index; data files the lock does not know are reported too.
/// </summary>
public static class LockVerification
{
    /// <summary>One entry per dataset of the lock (in name order), with the differences found (none: it matches).</summary>
    public static IReadOnlyList<(string Dataset, IReadOnlyList<LockDifference> Differences)> Verify(DatasetsLock locked, string directory, CancellationToken cancellation = default)
    {
        var results = new List<(string, IReadOnlyList<LockDifference>)>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, dataset) in locked.Datasets.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var found = new Dictionary<string, LockedFile>(StringComparer.Ordinal);
            foreach (var file in dataset.Files.Keys)
            {
                cancellation.ThrowIfCancellationRequested();
                known.Add(file);
                var path = Path.Combine(directory, file);
                if (File.Exists(path))
                    found[file] = new LockedFile(Md5File.HashFile(path), new FileInfo(path).Length, SamplesOf(path, dataset.Files[file]));
            }
            results.Add((name, [.. LockComparison.CompareFiles(name, dataset, found)]));
        }
        var unknown = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.msgpack").Select(Path.GetFileName).OfType<string>().Where(f => !known.Contains(f)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (unknown.Count > 0)
            results.Add(("(not in the lock)", [.. unknown.Select(f => new LockDifference(LockDifferenceKind.DatasetAdded, f, 0, $"{f} is in the folder but no dataset of the lock lists it"))]));
        return results;
    }

    /// <summary>Samples of a data file from its offsets index; a view file (or a data file without index) keeps the locked count.</summary>
    private static long SamplesOf(string path, LockedFile locked)
    {
        if (!path.EndsWith(".msgpack", StringComparison.Ordinal) || !File.Exists(DatasetPaths.For(path).Offsets)) return locked.Samples;
        using var reader = new DatasetReader(path);
        return reader.Count;
    }
}
