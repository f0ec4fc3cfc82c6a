using System.Globalization;
using Datadings.Caching;
using Datadings.Conversions;
using Datadings.Downloads;
using Datadings.Writing;
using Microsoft.Build.Framework;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// Moves converted datasets between the output folder and the remote cache: pull a whole dataset (or assemble it
/// from a sharded build's shards), push a whole dataset, push one machine's shards. Everything pulled is staged in a
/// hidden folder beside the outputs and moved into place only once every file's size and MD5 matched.
/// </summary>
internal sealed class RemoteDatasets(RemoteStore store, CancellationToken cancellation)
{
    /// <summary>A shard build found a shard it should assemble missing (<see cref="RemoteCacheCodes.MissingShard"/>).</summary>
    public sealed class MissingShardException(string message) : Exception(message);

    /// <summary>
    /// The dataset from the cache, in place in <paramref name="outputDirectory"/> (stamp not yet written), or null when
    /// the cache has neither the whole dataset nor a complete set of its shards. A missing shard throws
    /// <see cref="MissingShardException"/> when some shard build has run (a plan exists).
    /// </summary>
    public ConversionStamp? TryPull(ConversionPlan plan, string key, string outputDirectory, string fingerprint)
    {
        if (Run(store.TryGetEntryAsync(RemoteStore.DatasetPath(key), cancellation)) is { } whole)
            return Install(plan, outputDirectory, fingerprint, whole, [whole]);
        if (plan.ShardSize is null || Run(store.TryGetEntryAsync(RemoteStore.PlanPath(key), cancellation)) is not { } shardPlan)
            return null;
        var shards = new List<RemoteEntry>();
        var missing = new List<int>();
        for (int i = 0; i < shardPlan.ShardCount; i++)
        {
            if (Run(store.TryGetEntryAsync(RemoteStore.ShardPath(key, i), cancellation)) is { } shard) shards.Add(shard);
            else missing.Add(i);
        }
        if (missing.Count > 0)
            throw new MissingShardException(string.Join("; ", missing.Take(10).Select(i =>
                $"shard {i} ({Path.GetFileName(DatasetFileNames.Shard(outputDirectory, plan.DatasetName, i))}) should have been pushed by the build with "
                + $"DatadingsShardIndex={ShardSlice.OwnerOf(i, shardPlan.Machines)} of DatadingsShardCount={shardPlan.Machines}"))
                + (missing.Count > 10 ? $"; and {missing.Count - 10} more" : ""));
        return Install(plan, outputDirectory, fingerprint, shardPlan, shards);
    }

    /// <summary>
    /// <see cref="TryPull"/> with its outcome logged: the pull (High), or a warning and null for anything that only
    /// means "convert locally": an incomplete sharded build outside an assembling build (DD7003), wrong bytes
    /// (DD7002), an unusable cache (DD7001, once per build).
    /// </summary>
    public static ConversionStamp? TryPullLogged(TaskLoggingHelper log, string projectFile, RemoteCacheSession remote, ConversionPlan plan, string key,
        string outputDirectory, string fingerprint, bool assembling, CancellationToken cancellation)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var stamp = new RemoteDatasets(remote.Store, cancellation).TryPull(plan, key, outputDirectory, fingerprint);
            if (stamp is not null)
                log.LogMessage(MessageImportance.High, $"{plan.DatasetName}: pulled {stamp.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples "
                    + $"({stamp.Files.Count} file(s)) from the remote cache in {ByteSizes.FormatDuration(clock.Elapsed)} -> {stamp.Files[0].Path}");
            return stamp;
        }
        catch (MissingShardException e) when (!assembling)
        {
            log.LogWarning(null, RemoteCacheCodes.MissingShard, null, projectFile, 0, 0, 0, 0,
                $"Dataset '{plan.DatasetName}': the remote cache holds an incomplete sharded build ({e.Message}); converting locally.");
        }
        catch (RemoteCacheCorruptException e)
        {
            log.LogWarning(null, RemoteCacheCodes.Corrupt, null, projectFile, 0, 0, 0, 0,
                $"Dataset '{plan.DatasetName}': discarded what the remote cache sent ({e.Message}); converting locally.");
        }
        catch (RemoteCacheException e)
        {
            if (remote.Fail(e) is { } warning) log.LogWarning(null, warning.Code, null, projectFile, 0, 0, 0, 0, warning.Text);
        }
        return null;
    }

    /// <summary>Pushes a whole dataset (its stamp's files) under <paramref name="key"/>.</summary>
    public void PushWhole(ConversionStamp stamp, string key)
    {
        var directory = Path.GetDirectoryName(stamp.Files[0].Path)!;
        var entry = new RemoteEntry(stamp.SampleCount, stamp.Files.Count, 0,
            [.. stamp.Files.Select(f => new RemoteDataFile(Path.GetFileName(f.Path), f.SampleCount, f.DataBytes))],
            RemoteStore.Describe(stamp.Files.SelectMany(f => DatasetPaths.For(f.Path).WrittenFiles)), stamp.Metadata);
        Run(store.PushEntryAsync(RemoteStore.DatasetPath(key), entry, directory, cancellation));
    }

    /// <summary>Pushes the shards one machine of a sharded build wrote, then the plan every machine agrees on.</summary>
    public void PushShards(ConversionResult result, ShardSlice slice, int shardSize, string key)
    {
        int shardCount = (int)Math.Max(1, (result.SampleCount + shardSize - 1) / shardSize);
        var owned = Enumerable.Range(0, shardCount).Where(slice.Owns).ToList();
        if (owned.Count != result.Files.Count)
            throw new InvalidOperationException($"the slice wrote {result.Files.Count} shards but owns {owned.Count}");
        var metadata = new SortedDictionary<string, string>(result.Metadata.ToDictionary(), StringComparer.Ordinal);
        for (int i = 0; i < owned.Count; i++)
        {
            var file = result.Files[i];
            var entry = new RemoteEntry(result.SampleCount, shardCount, slice.Count,
                [new RemoteDataFile(Path.GetFileName(file.Paths.Data), file.SampleCount, file.DataBytes)],
                RemoteStore.Describe(file.AllFiles), metadata);
            Run(store.PushEntryAsync(RemoteStore.ShardPath(key, owned[i]), entry, Path.GetDirectoryName(file.Paths.Data)!, cancellation));
        }
        Run(store.PushEntryAsync(RemoteStore.PlanPath(key), new RemoteEntry(result.SampleCount, shardCount, slice.Count, [], [], metadata), "", cancellation));
    }

    private ConversionStamp Install(ConversionPlan plan, string outputDirectory, string fingerprint, RemoteEntry summary, IReadOnlyList<RemoteEntry> parts)
    {
        var expected = Enumerable.Range(0, summary.ShardCount)
            .Select(i => Path.GetFileName(plan.ShardSize is null ? DatasetFileNames.Single(outputDirectory, plan.DatasetName) : DatasetFileNames.Shard(outputDirectory, plan.DatasetName, i)))
            .ToList();
        var dataFiles = parts.SelectMany(p => p.DataFiles).ToList();
        if (!dataFiles.Select(d => d.Name).SequenceEqual(expected) || dataFiles.Sum(d => (long)d.SampleCount) != summary.SampleCount)
            throw new RemoteCacheCorruptException($"the entry's files ({string.Join(", ", dataFiles.Select(d => d.Name))}) are not the {summary.ShardCount} file(s) of dataset '{plan.DatasetName}' with {summary.SampleCount} samples");
        var expectedFiles = dataFiles.SelectMany(d => DatasetPaths.For(Path.Combine(outputDirectory, d.Name)).WrittenFiles).Select(f => Path.GetFileName(f)!).ToHashSet(StringComparer.Ordinal);
        var files = parts.SelectMany(p => p.Files).ToList();
        if (!files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal).SetEquals(expectedFiles) || files.Count != expectedFiles.Count)
            throw new RemoteCacheCorruptException($"the entry of dataset '{plan.DatasetName}' does not list exactly its data and index files");
        foreach (var part in parts) part.CheckDataFiles($"the entry of dataset '{plan.DatasetName}'");

        // A build killed during a pull (no finally runs on SIGKILL) leaves this folder; the next build's
        // RemoveStaleStagedFiles removes it whatever that build does with the dataset (a live build's is kept).
        var staging = StagedFiles.StagingDirectoryFor(outputDirectory, plan.DatasetName);
        try
        {
            foreach (var part in parts)
                Run(store.PullFilesAsync(part, staging, cancellation));
            // Verified: only now the old dataset goes and the new one moves in (same folder, so each move is a rename).
            ConversionRunner.DeleteDataset(new ConversionTarget(outputDirectory, plan.DatasetName, plan.ShardSize));
            foreach (var file in files)
                File.Move(Path.Combine(staging, file.Name), Path.Combine(outputDirectory, file.Name), overwrite: true);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return new ConversionStamp(fingerprint, summary.SampleCount,
            [.. dataFiles.Select(d => new StampedFile(Path.Combine(outputDirectory, d.Name), d.SampleCount, d.DataBytes))], summary.Metadata);
    }

    // Tasks are synchronous; the transfers are async (HttpClient). Run off the MSBuild thread's context.
    private static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Run(Task task) => task.GetAwaiter().GetResult();
}
