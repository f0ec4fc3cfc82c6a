using System.Globalization;
using Datadings.Build.Tasks.Remote;
using Datadings.Caching;
using Datadings.Conversions;
using Datadings.Downloads;
using Datadings.Writing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks;

/// <summary>
/// Converts each <c>DatasetConversion</c> whose stamp is out of date into a dataset with its converter (built-in,
/// or a custom one loaded in an isolated context), and reports every dataset's files as outputs. The work is the
/// core's <see cref="ConversionRunner"/>; this task reads items, decides what is up to date and logs.
/// </summary>
public sealed class ConvertDatasets : DatadingsTask
{
    [Required]
    public ITaskItem[] Conversions { get; set; } = [];

    /// <summary>@(ResolvedDatasetSource): item spec = verified path; SourceName, Md5, Size.</summary>
    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>Assemblies that may hold custom converters (the outputs of the project's ProjectReferences).</summary>
    public ITaskItem[] ConverterAssemblies { get; set; } = [];

    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Where the per-dataset stamps go (the intermediate folder).</summary>
    [Required]
    public string StampDirectory { get; set; } = "";

    /// <summary>Threads for CPU-heavy encoding; 0 or less means one per core.</summary>
    public int Parallelism { get; set; }

    /// <summary>Address of the shared remote cache (docs/remote-cache.md); empty: none.</summary>
    public string? RemoteCache { get; set; }

    /// <summary>Upload what this build converts (off by default: read-only).</summary>
    public bool RemoteCachePush { get; set; }

    public double RemoteCacheTimeoutSeconds { get; set; } = 10;

    /// <summary>DatadingsRemoteCacheMinimumRate: KB/s a transfer must average after its first timeout (0: no floor).</summary>
    public double RemoteCacheMinimumRate { get; set; } = 100;

    /// <summary>Datasets the remote cache was already asked for in this build (before sources were resolved): not asked again.</summary>
    public ITaskItem[] RemoteCacheMissed { get; set; } = [];

    /// <summary>With <see cref="ShardCount"/>: this machine converts and pushes only shards s with s % ShardCount == ShardIndex.</summary>
    public string? ShardIndex { get; set; }

    /// <summary>Machines of a sharded build; alone (no index), the build assembles sharded datasets from the cache.</summary>
    public string? ShardCount { get; set; }

    /// <summary>One item per data file (shard): DatasetName, SampleCount, DatasetSampleCount, Shard, ShardCount, IndexFiles, Converter, ConverterCode, plus the converter's metadata.</summary>
    [Output]
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary>Every file written (data, index files, stamps), for FileWrites.</summary>
    [Output]
    public ITaskItem[] FilesWritten { get; set; } = [];

    /// <summary>The datasets that failed (one item per name), so derived items can say why they are skipped.</summary>
    [Output]
    public ITaskItem[] FailedDatasets { get; set; } = [];

    public override bool Execute()
    {
        // .tar.bz2, .tar.xz, .tar.zst and .7z sources: the SDK ships Datadings.Archives beside the core.
        Datadings.Archives.ArchiveSources.Register();
        var projectDirectory = ProjectDirectory;
        var outputDirectory = Path.GetFullPath(Path.Combine(projectDirectory, OutputDirectory));
        var stampDirectory = Path.GetFullPath(Path.Combine(projectDirectory, StampDirectory));
        var outputs = new List<ITaskItem>();
        var written = new List<ITaskItem>();
        var failed = new List<ITaskItem>();
        var duplicates = Conversions.GroupBy(c => c.ItemSpec.Trim(), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var name in duplicates)
            LogProjectError(ConversionErrorCodes.DuplicateName,
                $"Dataset '{name}' is declared by {Conversions.Count(c => c.ItemSpec.Trim() == name)} DatasetConversion items; every dataset of a project needs its own name (it is the file name {name}.msgpack). None of them was converted.");
        if (!TryReadSharding(out var slice, out var assembling)) return false;
        var remote = RemoteCacheSession.For(BuildEngine, Log, RemoteCache, RemoteCachePush, RemoteCacheTimeoutSeconds, RemoteCacheMinimumRate);
        if ((slice is not null || assembling) && remote is null)
        {
            LogProjectError(RemoteCacheCodes.InvalidShardBuild, "A sharded build (DatadingsShardIndex/DatadingsShardCount) exchanges shards through the remote cache: set DatadingsRemoteCache"
                + (slice is null ? "." : " and DatadingsRemoteCachePush=true."));
            return false;
        }
        if (slice is not null && !remote!.Push)
        {
            LogProjectError(RemoteCacheCodes.InvalidShardBuild, $"Shard build {slice.Index} of {slice.Count} must push its shards: set DatadingsRemoteCachePush=true.");
            return false;
        }

        foreach (var item in Conversions)
        {
            if (Cancelled) break;
            var name = item.ItemSpec;
            if (duplicates.Contains(name.Trim()))
            {
                failed.Add(new TaskItem(name.Trim()));
                continue;
            }
            try
            {
                var plan = ConversionPlan.Read(item, Sources, projectDirectory);
                var stampPath = Path.Combine(stampDirectory, plan.DatasetName + ".stamp");
                if (slice is not null && plan.ShardSize is not null)
                {
                    // One machine's slice: pushed, not a dataset of its own, so no stamp and no output item.
                    var files = ConvertSlice(plan, projectDirectory, outputDirectory, stampPath, slice, remote!);
                    written.AddRange(files.Select(p => new TaskItem(p)));
                    continue;
                }
                var (stamp, code) = ConvertIfNeeded(plan, projectDirectory, outputDirectory, stampPath, remote, assembling);
                outputs.AddRange(OutputItems(plan, stamp, code));
                written.AddRange(stamp.Files.SelectMany(f => new DatasetFile(DatasetPaths.For(f.Path), f.SampleCount, f.DataBytes).AllFiles).Select(p => new TaskItem(p)));
                written.Add(new TaskItem(stampPath));
            }
            catch (OperationCanceledException) when (Cancelled)
            {
                break;
            }
            catch (RemoteDatasets.MissingShardException e)
            {
                LogProjectError(RemoteCacheCodes.MissingShard, $"Dataset '{name}' cannot be assembled from the remote cache: {e.Message}.");
            }
            catch (RemoteCacheException e) when (slice is not null)
            {
                LogProjectError(RemoteCacheCodes.ShardPushFailed, $"Dataset '{name}': shard build {slice.Index} of {slice.Count} could not push its shards: {e.Message}");
            }
            catch (ConversionException e)
            {
                failed.Add(new TaskItem(name.Trim()));
                LogProjectError(ConversionErrorCodes.For(e.Error),
                    $"Dataset '{name}' ({item.GetMetadata("Converter")}): {Sentence(e.Message)} No dataset was written.");
            }
            catch (Exception e) when (e is DiskFullException or OutputPathException)
            {
                failed.Add(new TaskItem(name.Trim()));
                LogProjectError(e is DiskFullException ? ConversionErrorCodes.DiskFull : ConversionErrorCodes.Unexpected,
                    $"Dataset '{name}' ({item.GetMetadata("Converter")}): {Sentence(e.Message)} No dataset was written.");
            }
            catch (Exception e)
            {
                failed.Add(new TaskItem(name.Trim()));
                LogProjectError(ConversionErrorCodes.Unexpected,
                    $"Dataset '{name}' ({item.GetMetadata("Converter")}): {e.GetType().Name}: {Sentence(e.Message)} No dataset was written; check the permissions of {outputDirectory}.");
            }
        }
        FailedDatasets = [.. failed];

        if (Cancelled)
            return ReportCancelled(ConversionErrorCodes.Cancelled,
                "Converting datasets was cancelled. The dataset being converted was not written; finished ones are kept.");
        Outputs = [.. outputs];
        FilesWritten = [.. written];
        return !Log.HasLoggedErrors;
    }

    /// <summary>The stamp of the (now current) dataset, and the identity of the converter's code for the lock file.</summary>
    private (ConversionStamp Stamp, string Code) ConvertIfNeeded(ConversionPlan plan, string projectDirectory, string outputDirectory, string stampPath, RemoteCacheSession? remote, bool assembling)
    {
        var builtIn = BuiltInConverters.TryCreate(plan.Converter);
        using var custom = builtIn is null ? LoadCustom(plan) : null;
        var fingerprint = ConversionStamp.FingerprintOf(plan, outputDirectory, custom?.AssemblyPath);
        var code = CodeOf(custom);

        if (ConversionStamp.TryRead(stampPath) is { } previous && previous.Fingerprint == fingerprint && previous.OutputsIntact())
        {
            Log.LogMessage(MessageImportance.Normal, $"{plan.DatasetName}: up to date ({previous.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples) -> {previous.Files[0].Path}");
            return (previous, code);
        }

        // The old stamp goes first: if this conversion fails, nothing claims the (deleted) outputs are current.
        if (File.Exists(stampPath)) File.Delete(stampPath);
        var key = remote is null ? null : ConversionStamp.CacheKeyOf(plan, custom?.AssemblyPath);
        if (remote is { Available: true } && !RemoteCacheMissed.Any(m => m.ItemSpec == plan.DatasetName) && TryPull(plan, outputDirectory, fingerprint, key!, remote, assembling) is { } pulled)
        {
            pulled.Write(stampPath);
            return (pulled, code);
        }
        if (assembling && plan.ShardSize is not null)
            throw new RemoteDatasets.MissingShardException(remote!.Available
                ? $"the cache {remote.Store.Cache.Description} holds no intact set of its shards (run the shard builds first, with the same inputs and SDK version; see any DD7002 warning above)"
                : $"the cache {remote.Store.Cache.Description} could not be read (warning DD7001 above)");

        var result = Convert(plan, projectDirectory, outputDirectory, builtIn, custom, slice: null);
        var stamp = new ConversionStamp(fingerprint, result.SampleCount,
            [.. result.Files.Select(f => new StampedFile(f.Paths.Data, f.SampleCount, f.DataBytes))], result.Metadata);
        stamp.Write(stampPath);
        if (remote is { Push: true, Available: true })
            RemoteAction(remote, () => new RemoteDatasets(remote.Store, Cancellation).PushWhole(stamp, key!), plan.DatasetName);
        return (stamp, code);
    }

    /// <summary>Converts and pushes this machine's shards of a sharded dataset; returns the files written.</summary>
    private IEnumerable<string> ConvertSlice(ConversionPlan plan, string projectDirectory, string outputDirectory, string stampPath, ShardSlice slice, RemoteCacheSession remote)
    {
        var builtIn = BuiltInConverters.TryCreate(plan.Converter);
        using var custom = builtIn is null ? LoadCustom(plan) : null;
        if (File.Exists(stampPath)) File.Delete(stampPath);
        var result = Convert(plan, projectDirectory, outputDirectory, builtIn, custom, slice);
        new RemoteDatasets(remote.Store, Cancellation).PushShards(result, slice, plan.ShardSize!.Value, ConversionStamp.CacheKeyOf(plan, custom?.AssemblyPath));
        Log.LogMessage(MessageImportance.High, $"{plan.DatasetName}: shard build {slice.Index} of {slice.Count} pushed {result.Files.Count} shard(s) to {remote.Store.Cache.Description}");
        return result.Files.SelectMany(f => f.AllFiles);
    }

    private ConversionStamp? TryPull(ConversionPlan plan, string outputDirectory, string fingerprint, string key, RemoteCacheSession remote, bool assembling) =>
        RemoteDatasets.TryPullLogged(Log, ReportedProjectFile, remote, plan, key, outputDirectory, fingerprint, assembling, Cancellation);

    private void RemoteAction(RemoteCacheSession remote, Action push, string dataset)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            push();
            Log.LogMessage(MessageImportance.Normal, $"{dataset}: pushed to the remote cache {remote.Store.Cache.Description} in {ByteSizes.FormatDuration(clock.Elapsed)}");
        }
        catch (RemoteCacheException e)
        {
            if (remote.Fail(e) is { } warning) Log.LogWarning(null, warning.Code, null, ReportedProjectFile, 0, 0, 0, 0, warning.Text);
        }
    }

    private CustomConverter LoadCustom(ConversionPlan plan) => LoadCustom(plan, ConverterAssemblies);

    /// <summary>The plan's custom converter from its ConverterAssembly, else from the project's converter assemblies.</summary>
    internal static CustomConverter LoadCustom(ConversionPlan plan, ITaskItem[] converterAssemblies) =>
        CustomConverter.Load(plan.Converter, plan.ConverterAssembly is { } explicitPath
            ? [explicitPath]
            : converterAssemblies.Select(a => a.GetMetadata("FullPath")).Distinct().ToList());

    /// <summary>
    /// The converter's code for the lock file: "built-in", or a custom converter's type, assembly name and version.
    /// Name and version, not the assembly's MD5: Debug and Release builds of the same converter differ in bytes.
    /// </summary>
    internal static string CodeOf(CustomConverter? custom) =>
        custom?.Converter.GetType() is not { } type ? "built-in" : $"{type.FullName}, {type.Assembly.GetName().Name} {type.Assembly.GetName().Version}";

    private ConversionResult Convert(ConversionPlan plan, string projectDirectory, string outputDirectory, ISampleConverter? builtIn, CustomConverter? custom, ShardSlice? slice)
    {
        var context = new ConversionContext(plan.DatasetName, [.. plan.Sources.Select(s => s.Source)], plan.Options, projectDirectory,
            Parallelism > 0 ? Parallelism : Environment.ProcessorCount);
        var target = new ConversionTarget(outputDirectory, plan.DatasetName, plan.ShardSize, slice);
        var converter = builtIn ?? custom!.Converter;
        Log.LogMessage(MessageImportance.Normal, $"{plan.DatasetName}: converting with {plan.Converter} from {Describe(plan.Sources)}");

        var log = new MainThreadLog(Log);
        var work = System.Threading.Tasks.Task.Run(() => ConversionRunner.Run(converter, context, target,
            p => log.Post(l => l.LogMessage(ProgressImportance, ProgressLine(p))),
            TimeSpan.FromSeconds(Math.Max(0.05, ProgressIntervalSeconds)), Cancellation));
        log.PumpUntil(work);
        var result = work.GetAwaiter().GetResult();
        foreach (var warning in context.Warnings)
            Log.LogWarning(null, ConversionErrorCodes.For(warning.Kind), null, ReportedProjectFile, 0, 0, 0, 0, $"Dataset '{plan.DatasetName}' ({plan.Converter}): {Sentence(warning.Message)}");
        Log.LogMessage(MessageImportance.High,
            $"{plan.DatasetName}: converted {result.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples in {ByteSizes.FormatDuration(result.Duration)} "
            + $"({(result.SampleCount / Math.Max(result.Duration.TotalSeconds, 1e-3)).ToString("N0", CultureInfo.InvariantCulture)} samples/s), "
            + $"{ByteSizes.Format(result.DataBytes)}{(result.Files.Count > 1 ? $" in {result.Files.Count} shards" : "")}{(result.Files.Count > 0 ? " -> " + result.Files[0].Paths.Data : "")}");
        return result;
    }

    private bool TryReadSharding(out ShardSlice? slice, out bool assembling)
    {
        if (ShardSettings.TryRead(ShardIndex, ShardCount, out slice, out assembling)) return true;
        LogProjectError(RemoteCacheCodes.InvalidShardBuild,
            $"DatadingsShardIndex '{ShardIndex}' / DatadingsShardCount '{ShardCount}': the count must be a whole number ≥ 1 and the index one of 0 … count-1 (an assembling build sets the count alone).");
        return false;
    }

    /// <summary>A message that ends with a full stop, so the next sentence reads as one.</summary>
    private static string Sentence(string message) =>
        message.TrimEnd() is var t && (t.EndsWith('.') || t.EndsWith('!') || t.EndsWith('?')) ? t : t + ".";

    private static string ProgressLine(ConversionProgress p)
    {
        var rate = p.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture);
        var done = p.Samples.ToString("N0", CultureInfo.InvariantCulture);
        if (p.ExpectedSamples is { } total && total > 0)
        {
            var percent = (100.0 * p.Samples / total).ToString("0", CultureInfo.InvariantCulture);
            var eta = p.EstimatedRemaining is { } remaining ? ", ETA " + ByteSizes.FormatDuration(remaining) : "";
            return $"{p.DatasetName}: converting {percent}% ({done} of {total.ToString("N0", CultureInfo.InvariantCulture)} samples) at {rate} samples/s{eta}";
        }
        return $"{p.DatasetName}: converting {done} samples at {rate} samples/s";
    }

    private static string Describe(IReadOnlyList<(ConversionSource Source, string Md5, string Size)> sources) =>
        sources.Count == 0 ? "no sources" : string.Join(", ", sources.Select(s => s.Source.Name));

    internal static IEnumerable<ITaskItem> OutputItems(ConversionPlan plan, ConversionStamp stamp, string code)
    {
        for (int i = 0; i < stamp.Files.Count; i++)
        {
            var file = stamp.Files[i];
            var paths = DatasetPaths.For(file.Path);
            var item = new TaskItem(file.Path);
            item.SetMetadata("DatasetName", plan.DatasetName);
            item.SetMetadata("Converter", plan.Converter);
            item.SetMetadata("ConverterCode", code);
            item.SetMetadata("SampleCount", file.SampleCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("DatasetSampleCount", stamp.SampleCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("Shard", i.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("ShardCount", stamp.Files.Count.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("DataBytes", file.DataBytes.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("IndexFiles", string.Join(';', paths.IndexFiles));
            item.SetMetadata("DatasetSources", string.Join(';', plan.Sources.Select(s => s.Source.Name))); // for dataset cards
            // Class names given on the item (recipes do this for converters that cannot know them, e.g. Idx) travel
            // the same way as those a converter publishes; a converter's own win.
            if (plan.Options.TryGetValue("ClassNames", out var classNames) && classNames.Length > 0)
                item.SetMetadata("ClassNames", classNames);
            foreach (var (key, value) in stamp.Metadata)
                item.SetMetadata(key, value);
            yield return item;
        }
    }
}
