using System.Globalization;
using Datadings.Caching;
using Datadings.IndexFiles;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// Derived datasets (shuffle, split, merge, sample, relabel, materialized views, transforms) in the remote cache,
/// under <c>datasets/KEY</c> like conversions, KEY being the step's machine-independent key (inputs' content, item,
/// code). One entry holds every dataset a step produces (a split's parts) and, for a split, its assignment CSV
/// (<c>meta assignment MD5 SIZE</c>, the file under <c>files/MD5</c>). Pulls are staged and verified like conversions.
/// </summary>
internal sealed class RemoteDerived(RemoteStore store, CancellationToken cancellation)
{
    /// <summary>A produced dataset: its data file, sample count and data bytes.</summary>
    public sealed record Produced(string Path, int SampleCount, long Bytes);

    private const string AssignmentKey = "assignment";

    /// <summary>
    /// The step's outputs from the cache, moved into place (<paramref name="outputs"/>, in order), the assignment
    /// file written when the step has one; null when the cache has no entry. Corrupt entries throw
    /// <see cref="RemoteCacheCorruptException"/> and leave nothing behind.
    /// </summary>
    public IReadOnlyList<Produced>? TryPull(string key, IReadOnlyList<string> outputs, string? assignmentFile)
    {
        if (store.TryGetEntryAsync(RemoteStore.DatasetPath(key), cancellation).GetAwaiter().GetResult() is not { } entry)
            return null;
        var directory = Path.GetDirectoryName(outputs[0])!;
        var expected = outputs.Select(o => Path.GetFileName(o)).ToList();
        var expectedFiles = outputs.SelectMany(o => DatasetPaths.For(o).WrittenFiles).Select(f => Path.GetFileName(f)!).ToHashSet(StringComparer.Ordinal);
        if (!entry.DataFiles.Select(d => d.Name).SequenceEqual(expected)
            || entry.Files.Count != expectedFiles.Count || !entry.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal).SetEquals(expectedFiles)
            || (assignmentFile is not null) != entry.Metadata.ContainsKey(AssignmentKey))
            throw new RemoteCacheCorruptException($"the entry's files ({string.Join(", ", entry.DataFiles.Select(d => d.Name))}) are not the datasets this step writes ({string.Join(", ", expected)})");
        entry.CheckDataFiles("the entry");

        var staging = Datadings.Writing.StagedFiles.StagingDirectoryFor(directory, Path.GetFileNameWithoutExtension(outputs[0]));
        try
        {
            store.PullFilesAsync(entry, staging, cancellation).GetAwaiter().GetResult();
            string? stagedAssignment = null;
            if (assignmentFile is not null)
            {
                var parts = entry.Metadata[AssignmentKey].Split(' ');
                if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    throw new RemoteCacheCorruptException($"the entry's assignment line '{entry.Metadata[AssignmentKey]}' is not 'MD5 SIZE'");
                stagedAssignment = Path.Combine(staging, ".assignment");
                store.PullFileAsync(parts[0], size, stagedAssignment, cancellation).GetAwaiter().GetResult();
            }
            foreach (var file in entry.Files)
                File.Move(Path.Combine(staging, file.Name), Path.Combine(directory, file.Name), overwrite: true);
            if (stagedAssignment is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(assignmentFile)!);
                File.Copy(stagedAssignment, assignmentFile!, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return [.. entry.DataFiles.Select(d => new Produced(Path.Combine(directory, d.Name), d.SampleCount, d.DataBytes))];
    }

    /// <summary>Pushes the step's outputs (and assignment file) under <paramref name="key"/>: files first, the manifest last.</summary>
    public void Push(string key, IReadOnlyList<Produced> produced, string? assignmentFile)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (assignmentFile is not null)
        {
            var md5 = Md5File.HashFile(assignmentFile);
            store.PushFileAsync(md5, assignmentFile, cancellation).GetAwaiter().GetResult();
            metadata[AssignmentKey] = $"{md5} {new FileInfo(assignmentFile).Length.ToString(CultureInfo.InvariantCulture)}";
        }
        var entry = new RemoteEntry(produced.Sum(p => (long)p.SampleCount), produced.Count, 0,
            [.. produced.Select(p => new RemoteDataFile(Path.GetFileName(p.Path), p.SampleCount, p.Bytes))],
            RemoteStore.Describe(produced.SelectMany(p => DatasetPaths.For(p.Path).WrittenFiles)), metadata);
        store.PushEntryAsync(RemoteStore.DatasetPath(key), entry, Path.GetDirectoryName(produced[0].Path)!, cancellation).GetAwaiter().GetResult();
    }
}
