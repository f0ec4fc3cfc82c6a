using System.Globalization;
using Datadings.Conversions;
using Datadings.Locking;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// Runs before any source is resolved when a remote cache is configured: each <c>DatasetConversion</c> whose stamp is
/// current, or whose dataset the remote cache holds, is done here, from declarations alone (every source declares its
/// MD5, and the fingerprint and cache key count sources by name and MD5). The sources only such datasets read are
/// then not fetched at all: a second machine never downloads a 150 GB source to pull the dataset made from it.
/// Everything else is left to <see cref="ConvertDatasets"/> as before.
/// </summary>
public sealed class UseCachedDatasets : DatadingsTask
{
    [Required]
    public ITaskItem[] Conversions { get; set; } = [];

    /// <summary>@(DatasetSource) as declared (Md5 required on each).</summary>
    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>@(DatasetConverterAssembly): built by ResolveReferences before this runs, so a custom converter's key is known too.</summary>
    public ITaskItem[] ConverterAssemblies { get; set; } = [];

    [Required]
    public string OutputDirectory { get; set; } = "";

    [Required]
    public string StampDirectory { get; set; } = "";

    public string? RemoteCache { get; set; }

    public bool RemoteCachePush { get; set; }

    public double RemoteCacheTimeoutSeconds { get; set; } = 10;

    /// <summary>DatadingsRemoteCacheMinimumRate: KB/s a transfer must average after its first timeout (0: no floor).</summary>
    public double RemoteCacheMinimumRate { get; set; } = 100;

    public string? ShardIndex { get; set; }

    public string? ShardCount { get; set; }

    /// <summary>The lock file when one is in use: a source left unfetched is recorded with the size it has there.</summary>
    public string? LockFile { get; set; }

    /// <summary>The conversions done here (by name); ConvertDatasets skips them.</summary>
    [Output]
    public ITaskItem[] Done { get; set; } = [];

    /// <summary>Their @(DatasetOutput) items, as ConvertDatasets would report them.</summary>
    [Output]
    public ITaskItem[] Outputs { get; set; } = [];

    [Output]
    public ITaskItem[] FilesWritten { get; set; } = [];

    /// <summary>Sharded datasets an assembling build could not assemble (DD7003, logged here): not converted, their dependents skipped.</summary>
    [Output]
    public ITaskItem[] FailedDatasets { get; set; } = [];

    /// <summary>Conversions the remote cache was asked for and did not have (or sent wrong): ConvertDatasets does not ask again.</summary>
    [Output]
    public ITaskItem[] Missed { get; set; } = [];

    /// <summary>Declared sources no remaining conversion reads: not resolved. Metadata SourceName, Md5, Size (when known), Url, Mirrors.</summary>
    [Output]
    public ITaskItem[] UnfetchedSources { get; set; } = [];

    public override bool Execute()
    {
        // Bad settings are ConvertDatasets' to report (DD7004); here they count as an ordinary build.
        var assembling = ShardSettings.TryRead(ShardIndex, ShardCount, out _, out var assemblingBuild) && assemblingBuild;
        var shardBuild = !string.IsNullOrWhiteSpace(ShardIndex);
        var projectDirectory = ProjectDirectory;
        var outputDirectory = Path.GetFullPath(Path.Combine(projectDirectory, OutputDirectory));
        var stampDirectory = Path.GetFullPath(Path.Combine(projectDirectory, StampDirectory));
        var remote = RemoteCacheSession.For(BuildEngine, Log, RemoteCache, RemoteCachePush, RemoteCacheTimeoutSeconds, RemoteCacheMinimumRate);

        var unique = Conversions.GroupBy(c => c.ItemSpec.Trim(), StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Single());
        var done = new List<ITaskItem>();
        var outputs = new List<ITaskItem>();
        var written = new List<ITaskItem>();
        var remaining = new List<ConversionPlan>();
        var missed = new List<ITaskItem>();
        var failed = new List<ITaskItem>();
        foreach (var item in Conversions)
        {
            ConversionPlan plan;
            try
            {
                plan = ConversionPlan.ReadDeclared(item, Sources, projectDirectory);
            }
            catch (ConversionException)
            {
                continue; // ConvertDatasets reports it, and resolves every source meanwhile
            }
            // A shard build converts its slice; duplicate names are ConvertDatasets' error.
            if (Cancelled || !unique.Contains(item) || (shardBuild && plan.ShardSize is not null))
            {
                remaining.Add(plan);
                continue;
            }
            ConversionStamp? stamp;
            bool asked;
            string code;
            try
            {
                // A custom converter counts by its assembly's bytes: local (a referenced project built before this
                // target, or ConverterAssembly), so its key is known without any source. One that cannot be loaded
                // is ConvertDatasets' to report.
                using var custom = BuiltInConverters.TryCreate(plan.Converter) is null ? ConvertDatasets.LoadCustom(plan, ConverterAssemblies) : null;
                code = ConvertDatasets.CodeOf(custom);
                stamp = TryUse(plan, custom?.AssemblyPath, outputDirectory, stampDirectory, remote, assembling && plan.ShardSize is not null, out asked);
            }
            catch (ConversionException)
            {
                remaining.Add(plan);
                continue;
            }
            catch (Datadings.Writing.DiskFullException e)
            {
                // This machine's disk, not the cache: the pull left nothing (staging deleted), and converting needs
                // at least as much space, so this is the dataset's error, as a conversion that filled the disk reports.
                LogProjectError(ConversionErrorCodes.DiskFull, $"Dataset '{plan.DatasetName}': pulling it from the remote cache failed: {e.Message} No dataset was written.");
                done.Add(new TaskItem(plan.DatasetName));
                failed.Add(new TaskItem(plan.DatasetName));
                continue;
            }
            catch (RemoteDatasets.MissingShardException e)
            {
                // An assembling build never converts a sharded dataset, so it needs none of its sources either.
                LogProjectError(RemoteCacheCodes.MissingShard, $"Dataset '{plan.DatasetName}' cannot be assembled from the remote cache: {e.Message}.");
                done.Add(new TaskItem(plan.DatasetName));
                failed.Add(new TaskItem(plan.DatasetName));
                continue;
            }
            if (stamp is null)
            {
                remaining.Add(plan);
                if (asked) missed.Add(new TaskItem(plan.DatasetName));
                continue;
            }
            done.Add(new TaskItem(plan.DatasetName));
            outputs.AddRange(ConvertDatasets.OutputItems(plan, stamp, code));
            written.AddRange(stamp.Files.SelectMany(f => DatasetPaths.For(f.Path).WrittenFiles).Select(p => new TaskItem(p)));
            written.Add(new TaskItem(Path.Combine(stampDirectory, plan.DatasetName + ".stamp")));
        }

        Done = [.. done];
        FailedDatasets = [.. failed];
        Missed = [.. missed];
        Outputs = [.. outputs];
        FilesWritten = [.. written];
        UnfetchedSources = done.Count == 0 ? [] : [.. Unfetched(remaining, projectDirectory)];
        return !Log.HasLoggedErrors;
    }

    /// <summary>The dataset's stamp, current already or written after a pull; null when it must be converted.</summary>
    private ConversionStamp? TryUse(ConversionPlan plan, string? converterAssembly, string outputDirectory, string stampDirectory, RemoteCacheSession? remote, bool assembling, out bool asked)
    {
        asked = false;
        var stampPath = Path.Combine(stampDirectory, plan.DatasetName + ".stamp");
        var fingerprint = ConversionStamp.FingerprintOf(plan, outputDirectory, converterAssembly);
        if (ConversionStamp.TryRead(stampPath) is { } previous && previous.Fingerprint == fingerprint && previous.OutputsIntact())
        {
            Log.LogMessage(MessageImportance.Normal, $"{plan.DatasetName}: up to date ({previous.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples) -> {previous.Files[0].Path}");
            return previous;
        }
        if (remote is not { Available: true }) return null;
        if (File.Exists(stampPath)) File.Delete(stampPath);
        asked = true;
        // Outside an assembling build an incomplete set of shards is a warning and the dataset is converted.
        var pulled = RemoteDatasets.TryPullLogged(Log, ReportedProjectFile, remote, plan, ConversionStamp.CacheKeyOf(plan, converterAssembly),
            outputDirectory, fingerprint, assembling, Cancellation);
        pulled?.Write(stampPath);
        return pulled;
    }

    /// <summary>
    /// Sources that no remaining conversion reads. With a lock in use each needs its size for the lock: the declared
    /// Size, or the lock's for the same MD5; a source whose size is unknown either way is fetched after all.
    /// </summary>
    private IEnumerable<ITaskItem> Unfetched(List<ConversionPlan> remaining, string projectDirectory)
    {
        var needed = remaining.SelectMany(p => p.Sources).Select(s => s.Source.Name).ToHashSet(StringComparer.Ordinal);
        var read = Conversions.SelectMany(c =>
        {
            try { return ConversionPlan.ReadDeclared(c, Sources, projectDirectory).Sources.Select(s => s.Source.Name); }
            catch (ConversionException) { return []; }
        }).ToHashSet(StringComparer.Ordinal);
        DatasetsLock? locked = null;
        if (!string.IsNullOrWhiteSpace(LockFile) && File.Exists(LockFile))
        {
            try { locked = DatasetsLockJson.Read(LockFile); }
            catch (Exception e) when (e is IOException or DatadingsFormatException) { locked = null; }
        }
        foreach (var source in Sources)
        {
            // A source no conversion reads is kept: something else in the project may want it.
            if (!read.Contains(source.ItemSpec) || needed.Contains(source.ItemSpec)) continue;
            var md5 = source.GetMetadata("Md5").Trim().ToLowerInvariant();
            var size = source.GetMetadata("Size").Trim();
            if (size.Length == 0 && locked?.Sources.TryGetValue(source.ItemSpec, out var entry) == true && entry.Md5 == md5)
                size = entry.Size.ToString(CultureInfo.InvariantCulture);
            if (size.Length == 0 && !string.IsNullOrWhiteSpace(LockFile)) continue;
            var item = new TaskItem(source.ItemSpec);
            source.CopyMetadataTo(item);
            item.SetMetadata("SourceName", source.ItemSpec);
            item.SetMetadata("Md5", md5);
            item.SetMetadata("Size", size);
            Log.LogMessage(MessageImportance.Normal, $"{source.ItemSpec}: not fetched (every dataset that reads it is up to date)");
            yield return item;
        }
    }
}
