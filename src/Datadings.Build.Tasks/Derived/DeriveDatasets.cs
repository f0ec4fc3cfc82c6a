using System.Diagnostics;
using System.Globalization;
using Datadings.Build.Tasks.Remote;
using Datadings.Caching;
using Datadings.Downloads;
using Datadings.Operations;
using Datadings.Writing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// Builds the derived datasets of a project (DatasetShuffle, DatasetSplit, DatasetMerge, DatasetSample,
/// DatasetRelabel, DatasetView, DatasetTransform items) after the conversions: orders them by their inputs, skips each whose stamp
/// is current, runs the core operation for the others, and reports every produced dataset as an output. The work
/// is the core's <see cref="Datadings.Operations"/>; this task reads items, decides what is up to date and logs.
/// </summary>
public sealed class DeriveDatasets : DatadingsTask
{
    public ITaskItem[] Shuffles { get; set; } = [];
    public ITaskItem[] Splits { get; set; } = [];
    public ITaskItem[] Merges { get; set; } = [];
    public ITaskItem[] Samples { get; set; } = [];
    public ITaskItem[] Relabels { get; set; } = [];
    public ITaskItem[] Views { get; set; } = [];
    public ITaskItem[] Transforms { get; set; } = [];

    /// <summary>The per-sample transform cache's folder; empty: <c>transforms/</c> in the download cache's root.</summary>
    public string TransformCacheDirectory { get; set; } = "";

    /// <summary>The bound on the transform cache's stored values (10GB, 500MB, bytes); pruned LRU past it.</summary>
    public string TransformCacheSize { get; set; } = "";

    /// <summary>Threads computing transformed samples; 0 or less means one per core.</summary>
    public int TransformParallelism { get; set; }

    /// <summary>Class libraries the project references: where custom transform steps (IFieldStep) are found.</summary>
    public ITaskItem[] StepAssemblies { get; set; } = [];

    /// <summary>@(DatasetOutput) of the conversions: the datasets derived items can start from.</summary>
    public ITaskItem[] AvailableDatasets { get; set; } = [];

    /// <summary>Conversions that failed in this build: items reading them are skipped with a warning that says so.</summary>
    public ITaskItem[] FailedDatasets { get; set; } = [];

    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Address of the shared remote cache (docs/remote-cache.md); empty: none.</summary>
    public string? RemoteCache { get; set; }

    /// <summary>Upload what this build derives (off by default: read-only).</summary>
    public bool RemoteCachePush { get; set; }

    public double RemoteCacheTimeoutSeconds { get; set; } = 10;

    /// <summary>DatadingsRemoteCacheMinimumRate: KB/s a transfer must average after its first timeout (0: no floor).</summary>
    public double RemoteCacheMinimumRate { get; set; } = 100;

    [Required]
    public string StampDirectory { get; set; } = "";

    /// <summary>Where split assignment CSVs go unless an item says <c>Assignment</c> (relative to the project).</summary>
    public string SplitAssignmentDirectory { get; set; } = "";

    /// <summary>One item per produced dataset or view file, with the metadata conversions give their outputs.</summary>
    [Output]
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary>Every file written (datasets, view files, stamps; not assignment files), for FileWrites.</summary>
    [Output]
    public ITaskItem[] FilesWritten { get; set; } = [];

    private string _outputDirectory = "";
    private RemoteCacheSession? _remote;
    private string _stampDirectory = "";

    /// <summary>Dataset name → produced file, for the conversions and every step that has succeeded so far.</summary>
    private readonly Dictionary<string, IReadOnlyList<ITaskItem>> _available = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly List<ITaskItem> _outputs = [];
    private readonly List<ITaskItem> _written = [];

    public override bool Execute()
    {
        var projectDirectory = ProjectDirectory;
        _outputDirectory = Path.GetFullPath(Path.Combine(projectDirectory, OutputDirectory));
        _stampDirectory = Path.GetFullPath(Path.Combine(projectDirectory, StampDirectory));
        foreach (var group in AvailableDatasets.GroupBy(d => d.GetMetadata("DatasetName"), StringComparer.Ordinal))
            _available[group.Key] = [.. group];

        _remote = RemoteCacheSession.For(BuildEngine, Log, RemoteCache, RemoteCachePush, RemoteCacheTimeoutSeconds, RemoteCacheMinimumRate);
        var failedConversions = FailedDatasets.Select(f => f.ItemSpec).ToHashSet(StringComparer.Ordinal);
        _failed.UnionWith(failedConversions);
        var steps = ReadSteps(projectDirectory);
        // Failed conversions and items that failed to read count as known: their dependents are skipped (DD3012),
        // not reported as reading an unknown dataset.
        var order = DerivedOrder.Sort(steps, _available.Keys.Concat(_failed).ToHashSet(StringComparer.Ordinal));
        foreach (var (step, input) in order.UnknownInputs)
            Fail(step, DerivedErrorCodes.UnknownInput, $"the input '{input}' is neither a DatasetConversion nor a derived dataset of this project (known: {string.Join(", ", KnownNames(steps))})");
        foreach (var cycle in order.Cycles)
        {
            var path = string.Join(" -> ", cycle.Append(cycle[0]).Select(Describe));
            foreach (var step in cycle)
                Fail(step, DerivedErrorCodes.Cycle, $"the derived datasets depend on each other in a cycle: {path}; one of them must read a conversion or another dataset instead");
        }

        try
        {
            foreach (var step in order.Ordered)
            {
                if (Cancelled) break;
                BuildStep(step);
            }
        }
        finally
        {
            foreach (var step in steps.OfType<IDisposable>()) step.Dispose(); // unloads custom steps' code
        }

        if (Cancelled)
            return ReportCancelled(DerivedErrorCodes.Cancelled,
                "Building derived datasets was cancelled. The dataset being written was not written; finished ones are kept.");
        Outputs = [.. _outputs];
        FilesWritten = [.. _written];
        return !Log.HasLoggedErrors;
    }

    private List<DerivedStep> ReadSteps(string projectDirectory)
    {
        var steps = new List<DerivedStep>();
        var owner = _available.Keys.ToDictionary(n => n, _ => "a DatasetConversion", StringComparer.Ordinal);
        foreach (var (itemType, items) in new[] { ("DatasetMerge", Merges), ("DatasetShuffle", Shuffles), ("DatasetSample", Samples),
                     ("DatasetSplit", Splits), ("DatasetRelabel", Relabels), ("DatasetView", Views), ("DatasetTransform", Transforms) })
        {
            foreach (var item in items)
            {
                try
                {
                    var step = DerivedStepReader.Read(item, itemType, projectDirectory, SplitAssignmentDirectory, () => TransformSettingsFor(projectDirectory));
                    if (step.Produces.FirstOrDefault(owner.ContainsKey) is { } taken)
                    {
                        (step as IDisposable)?.Dispose();
                        throw new DerivedDatasetException(DerivedErrorCodes.InvalidItem, $"the dataset name '{taken}' is already produced by {owner[taken]}; every dataset of a project needs its own name");
                    }
                    foreach (var name in step.Produces) owner[name] = Describe(step);
                    steps.Add(step);
                }
                catch (DerivedDatasetException e)
                {
                    LogError(itemType, item.ItemSpec, e.Code, e.Message);
                    // Dependents are then skipped, not reported as having an unknown input; a name another item
                    // owns stays that item's.
                    var claimed = item.GetMetadata("Parts").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')[0].Trim()).Append(item.ItemSpec.Trim());
                    _failed.UnionWith(claimed.Where(name => !owner.ContainsKey(name)));
                }
            }
        }
        return steps;
    }

    private TransformSettings TransformSettingsFor(string projectDirectory)
    {
        var size = string.IsNullOrWhiteSpace(TransformCacheSize) ? 10L << 30 : TransformStep.ParseSize(TransformCacheSize)
            ?? throw new DerivedDatasetException(TransformErrorCodes.CacheFailed, $"DatadingsTransformCacheSize '{TransformCacheSize}' is not a size (e.g. 10GB, 500MB)");
        var directory = string.IsNullOrWhiteSpace(TransformCacheDirectory)
            ? Path.Combine(DownloadCache.DefaultRoot(), "transforms")
            : Path.GetFullPath(Path.Combine(projectDirectory, TransformCacheDirectory));
        return new TransformSettings(directory, size, TransformParallelism > 0 ? TransformParallelism : Environment.ProcessorCount,
            [.. StepAssemblies.Select(a => a.GetMetadata("FullPath")).Distinct()]);
    }

    private void BuildStep(DerivedStep step)
    {
        if (step.Produces.Any(_failed.Contains))
        {
            RemoveOutputs(step);
            return;
        }
        if (step.Inputs.FirstOrDefault(_failed.Contains) is { } failedInput)
        {
            var what = FailedDatasets.Any(f => f.ItemSpec == failedInput) ? "DatasetConversion" : "derived dataset";
            Log.LogWarning(null, DerivedErrorCodes.SkippedInputFailed, null, ReportedProjectFile, 0, 0, 0, 0,
                $"{step.Item.ItemType} '{step.Name.Trim()}' was skipped because its input, the {what} '{failedInput}', failed in this build (see its error). "
                + $"No dataset was written for {string.Join(", ", step.Produces.Select(p => $"'{p}'"))}; fix '{failedInput}' and build again.");
            RemoveOutputs(step);
            MarkFailed(step);
            return;
        }

        try
        {
            var inputs = step.Inputs.Select(name => (name, InputPath(step, name))).ToList();
            var stampPath = StampPath(step);
            var stamp = DeriveIfNeeded(step, inputs, stampPath);
            var classes = ClassMetadata(step);
            for (int i = 0; i < step.Produces.Count; i++)
            {
                var item = OutputItem(step, i, stamp.Files[i]);
                foreach (var (key, value) in classes) item.SetMetadata(key, value);
                _outputs.Add(item);
                _available[step.Produces[i]] = [item];
                _written.AddRange(FilesOf(stamp.Files[i].Path).Select(p => new TaskItem(p)));
            }
            _written.Add(new TaskItem(stampPath));
        }
        catch (OperationCanceledException) when (Cancelled)
        {
            RemoveOutputs(step);
        }
        catch (Exception e)
        {
            RemoveOutputs(step);
            Fail(step, DerivedErrorCodes.For(e), e is DerivedDatasetException or OutputPathException || DerivedErrorCodes.For(e) != DerivedErrorCodes.Unexpected ? e.Message
                : $"{e.GetType().Name}: {e.Message}; check the permissions of {_outputDirectory}");
        }
    }

    private DerivedStamp DeriveIfNeeded(DerivedStep step, List<(string Name, string Path)> inputs, string stampPath)
    {
        var fingerprint = DerivedStamp.FingerprintOf(step, inputs, _outputDirectory);
        if (DerivedStamp.TryRead(stampPath) is { } previous && previous.Fingerprint == fingerprint
            && previous.Files.Count == step.Produces.Count && previous.OutputsIntact(step.AssignmentFile))
        {
            for (int i = 0; i < step.Produces.Count; i++)
                Log.LogMessage(MessageImportance.Normal, $"{step.Produces[i]}: up to date ({Count(previous.Files[i].SampleCount)} samples) -> {previous.Files[i].Path}");
            return previous;
        }

        // The old stamp and outputs go first: if this step fails, nothing claims the (deleted) outputs are current.
        RemoveOutputs(step);
        var outputs = step.Produces.Select(name => step.OutputPath(_outputDirectory, name)).ToList();
        OutputFolder.Create(_outputDirectory);
        // A view file is a few bytes computed in milliseconds from its base: not worth a round trip.
        var key = _remote is null || step.WritesViewFile ? null : DerivedStamp.CacheKeyOf(step, inputs);
        if (key is not null && TryPull(step, key, outputs) is { } pulled)
        {
            var pulledStamp = new DerivedStamp(fingerprint, [.. pulled.Select(p => new DerivedStamp.Output(p.Path, p.SampleCount, p.Bytes))], DerivedStamp.Md5OrNull(step.AssignmentFile));
            pulledStamp.Write(stampPath);
            return pulledStamp;
        }
        Log.LogMessage(MessageImportance.Normal, $"{string.Join(", ", step.Produces)}: {step.Operation} of {string.Join(", ", step.Inputs)}");

        var log = new MainThreadLog(Log);
        var progress = new ThrottledProgress(TimeSpan.FromSeconds(Math.Max(0.05, ProgressIntervalSeconds)),
            p => log.Post(l => l.LogMessage(ProgressImportance, ProgressLine(step, p))));
        var clock = Stopwatch.StartNew();
        var work = System.Threading.Tasks.Task.Run(() => step.Run(inputs.Select(i => i.Path).ToList(), outputs, progress, Cancellation));
        log.PumpUntil(work);
        var result = work.GetAwaiter().GetResult();
        clock.Stop();

        var stamp = new DerivedStamp(fingerprint,
            [.. result.Outputs.Select(o => new DerivedStamp.Output(Path.GetFullPath(o.Path), o.Count, new FileInfo(o.Path).Length))],
            DerivedStamp.Md5OrNull(step.AssignmentFile));
        stamp.Write(stampPath);
        foreach (var note in result.Notes)
            Log.LogMessage(MessageImportance.High, $"{step.Name}: {note}");
        for (int i = 0; i < step.Produces.Count; i++)
            Log.LogMessage(MessageImportance.High, $"{step.Produces[i]}: built by {step.Operation} of {string.Join(", ", step.Inputs)}, "
                + $"{Count(stamp.Files[i].SampleCount)} samples{(step.WritesViewFile ? " (view file)" : "")} in {ByteSizes.FormatDuration(clock.Elapsed)} -> {stamp.Files[i].Path}");
        if (step.AssignmentFile is { } assignment)
            Log.LogMessage(MessageImportance.Normal, $"{step.Name}: assignment of every key written to {assignment}");
        if (key is not null && _remote is { Push: true, Available: true })
            Remote(() =>
            {
                var pushClock = Stopwatch.StartNew();
                new RemoteDerived(_remote.Store, Cancellation).Push(key,
                    [.. stamp.Files.Select(f => new RemoteDerived.Produced(f.Path, f.SampleCount, f.Bytes))], step.AssignmentFile);
                // The same line a conversion prints, so a log says what this build shared.
                Log.LogMessage(MessageImportance.Normal, $"{string.Join(", ", step.Produces)}: pushed to the remote cache {_remote.Store.Cache.Description} in {ByteSizes.FormatDuration(pushClock.Elapsed)}");
            });
        return stamp;
    }

    /// <summary>
    /// The result's ClassNames/ClassColors: the item's own <c>ClassNames</c> when it declares them; else the step's
    /// (a split of MNIST keeps MNIST's names, a relabel has its map's, a merge of disagreeing inputs warns DD8005 and
    /// records none).
    /// </summary>
    private IReadOnlyDictionary<string, string> ClassMetadata(DerivedStep step)
    {
        if (step.Item.Text("ClassNames") is { } own)
            return new Dictionary<string, string>(StringComparer.Ordinal) { [LabelMap.ClassNamesKey] = own };
        var inputs = step.Inputs.Select(name => (IReadOnlyDictionary<string, string>)new[] { LabelMap.ClassNamesKey, LabelMap.ClassColorsKey }
            .Select(key => (key, value: _available[name][0].GetMetadata(key)))
            .Where(m => m.value.Length > 0)
            .ToDictionary(m => m.key, m => m.value, StringComparer.Ordinal)).ToList();
        if (step is MergeStep merge && merge.ClassMismatch(inputs) is { } problem)
            Log.LogWarning(null, DerivedErrorCodes.ClassMismatch, null, ReportedProjectFile, 0, 0, 0, 0, $"{step.Item.ItemType} '{step.Name.Trim()}': {problem}. The merged dataset records no class names.");
        return step.ClassMetadata(inputs);
    }

    private IReadOnlyList<RemoteDerived.Produced>? TryPull(DerivedStep step, string key, IReadOnlyList<string> outputs)
    {
        if (_remote is not { Available: true }) return null;
        var clock = Stopwatch.StartNew();
        var pulled = Remote<IReadOnlyList<RemoteDerived.Produced>>(() => new RemoteDerived(_remote.Store, Cancellation).TryPull(key, outputs, step.AssignmentFile), step);
        if (pulled is not null)
            for (int i = 0; i < pulled.Count; i++)
                Log.LogMessage(MessageImportance.High, $"{step.Produces[i]}: pulled {Count(pulled[i].SampleCount)} samples from the remote cache in {ByteSizes.FormatDuration(clock.Elapsed)} -> {pulled[i].Path}");
        return pulled;
    }

    /// <summary>Runs a remote-cache action; a failing cache warns once (DD7001), wrong bytes warn (DD7002), and the build goes on locally.</summary>
    private T? Remote<T>(Func<T?> action, DerivedStep? step = null) where T : class
    {
        try
        {
            return action();
        }
        catch (RemoteCacheCorruptException e)
        {
            RemoveOutputs(step!);
            Log.LogWarning(null, RemoteCacheCodes.Corrupt, null, ReportedProjectFile, 0, 0, 0, 0,
                $"{step!.Item.ItemType} '{step.Name.Trim()}': discarded what the remote cache sent ({e.Message}); deriving locally.");
        }
        catch (RemoteCacheException e)
        {
            if (_remote!.Fail(e) is { } warning) Log.LogWarning(null, warning.Code, null, ReportedProjectFile, 0, 0, 0, 0, warning.Text);
        }
        return null;
    }

    private void Remote(Action action) => Remote<object>(() => { action(); return new object(); });

    /// <summary>The data file of an input dataset; derived operations read single unsharded datasets.</summary>
    private string InputPath(DerivedStep step, string name)
    {
        var files = _available[name];
        if (files.Count != 1)
            throw new DerivedDatasetException(DerivedErrorCodes.OptionsDoNotFitInput, $"the input '{name}' is sharded into {files.Count} files; derive from an unsharded conversion (remove its ShardSize)");
        if (files[0].GetMetadata("View") == "true")
            throw new DerivedDatasetException(DerivedErrorCodes.OptionsDoNotFitInput, $"the input '{name}' is a view file (Materialize=\"false\"); set Materialize=\"true\" on it to derive datasets from it");
        return files[0].GetMetadata("FullPath");
    }

    private ITaskItem OutputItem(DerivedStep step, int index, DerivedStamp.Output file)
    {
        var item = new TaskItem(file.Path);
        item.SetMetadata("DatasetName", step.Produces[index]);
        item.SetMetadata("Operation", step.Operation);
        item.SetMetadata("DerivedFrom", string.Join(';', step.Inputs));
        item.SetMetadata("SampleCount", file.SampleCount.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("DatasetSampleCount", file.SampleCount.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("Shard", "0");
        item.SetMetadata("ShardCount", "1");
        item.SetMetadata("DataBytes", file.Bytes.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("IndexFiles", string.Join(';', FilesOf(file.Path).Skip(1)));
        if (step.WritesViewFile)
        {
            item.SetMetadata("View", "true");
            item.SetMetadata("ViewBase", InputPath(step, step.Inputs[0]));
        }
        if (step is SplitStep)
        {
            item.SetMetadata("Split", step.Name);
            item.SetMetadata("SplitPart", index.ToString(CultureInfo.InvariantCulture));
        }
        if (step is RelabelStep { PixelMap: { } map } relabel)
        {
            item.SetMetadata("LabelMap", map);
            item.SetMetadata("MaskField", relabel.LabelField);
        }
        return item;
    }

    private static IEnumerable<string> FilesOf(string path) =>
        path.EndsWith(".msgpack", StringComparison.Ordinal) && DatasetPaths.For(path) is var p
            ? p.WrittenFiles
            : [path];

    private void RemoveOutputs(DerivedStep step)
    {
        var stamp = StampPath(step);
        if (File.Exists(stamp)) File.Delete(stamp);
        foreach (var name in step.Produces)
        {
            foreach (var file in DatasetPaths.For(Path.Combine(_outputDirectory, name + ".msgpack")).AllFiles().Append(Path.Combine(_outputDirectory, name + ".view.json")))
                if (File.Exists(file)) File.Delete(file);
        }
    }

    private string StampPath(DerivedStep step) => Path.Combine(_stampDirectory, $"{step.Name}.{step.Operation}.stamp");

    private void Fail(DerivedStep step, string code, string problem)
    {
        LogError(step.Item.ItemType, step.Name, code, problem);
        MarkFailed(step);
    }

    private void MarkFailed(DerivedStep step)
    {
        _failed.UnionWith(step.Produces);
        _failed.Add(step.Name);
    }

    private void LogError(string itemType, string name, string code, string problem) =>
        LogProjectError(code, $"{itemType} '{name.Trim()}': {problem.TrimEnd('.')}. No dataset was written.");

    private IEnumerable<string> KnownNames(IEnumerable<DerivedStep> steps) =>
        _available.Keys.Concat(steps.SelectMany(s => s.Produces)).Distinct().Order(StringComparer.Ordinal);

    private static string Describe(DerivedStep step) => $"{step.Item.ItemType} '{step.Name}'";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string ProgressLine(DerivedStep step, OperationProgress p)
    {
        var name = Path.GetFileNameWithoutExtension(p.Output);
        var percent = p.Total > 0 ? (100.0 * p.Done / p.Total).ToString("0", CultureInfo.InvariantCulture) + "% " : "";
        return $"{name}: {step.Operation} {percent}({Count(p.Done)} of {Count(p.Total)} samples)";
    }
}
