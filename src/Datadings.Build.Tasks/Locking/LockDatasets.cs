using System.Globalization;
using System.Text;
using Datadings.IndexFiles;
using Datadings.Locking;
using Datadings.Writing;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Locking;

/// <summary>
/// After every dataset is built: describes the build as a lock (sources, datasets, files with MD5s) and either writes
/// it beside the project (only when its bytes change) or, in locked mode, reports every difference from the lock
/// as an error. The lock format and comparison are the core's <see cref="DatasetsLockJson"/> and <see cref="LockComparison"/>.
/// </summary>
public sealed class LockDatasets : LockTask
{
    /// <summary>The Datadings.Sdk version, recorded in the lock.</summary>
    public string SdkVersion { get; set; } = "";

    /// <summary>@(ResolvedDatasetSource): SourceName, Md5, Size, Url, Mirrors.</summary>
    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>@(DatasetOutput): one item per data file with DatasetName, SampleCount, DatasetSampleCount, Converter/ConverterCode or Operation, DerivedFrom, Split.</summary>
    public ITaskItem[] Datasets { get; set; } = [];

    /// <summary>The items that produce datasets (DatasetConversion and the derived item types), with metadata ItemType; their metadata are the options.</summary>
    public ITaskItem[] Producers { get; set; } = [];

    public override bool Execute()
    {
        try
        {
            var built = Describe();
            if (LockedMode)
            {
                // A lock that is missing or unreadable was reported before the build (CheckDatasetsLock).
                if (File.Exists(LockPath) && TryReadLock() is { } locked)
                {
                    ReportDrift(LockComparison.Compare(locked, built));
                    if (!Log.HasLoggedErrors)
                        Log.LogMessage(MessageImportance.Normal, $"{LockPath}: every source and dataset matches the lock");
                }
                return !Log.HasLoggedErrors;
            }

            if (File.Exists(LockPath) && TryReadLock() is null) return false;
            var text = DatasetsLockJson.Write(built);
            if (File.Exists(LockPath) && File.ReadAllText(LockPath, Encoding.UTF8) == text)
            {
                Log.LogMessage(MessageImportance.Normal, $"{LockPath}: up to date");
                return true;
            }
            AtomicFile.WriteAllText(LockPath, text, overwrite: true);
            Log.LogMessage(MessageImportance.High, $"{Path.GetFileName(LockPath)}: written ({built.Sources.Count} sources, {built.Datasets.Count} datasets) -> {LockPath}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DatadingsFormatException)
        {
            Log.LogError(null, LockErrorCodes.Unexpected, null, LockPath, 0, 0, 0, 0, $"The lock file could not be written or a dataset's .md5 file read: {e.Message}");
            return false;
        }
    }

    private DatasetsLock Describe()
    {
        var sources = new SortedDictionary<string, LockedSource>(StringComparer.Ordinal);
        foreach (var source in Sources)
        {
            var urls = (source.GetMetadata("Url") + ";" + source.GetMetadata("Mirrors"))
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            sources[source.GetMetadata("SourceName")] = new LockedSource(source.GetMetadata("Md5").ToLowerInvariant(),
                long.Parse(source.GetMetadata("Size"), CultureInfo.InvariantCulture), urls);
        }

        var datasets = new SortedDictionary<string, LockedDataset>(StringComparer.Ordinal);
        foreach (var files in Datasets.GroupBy(d => d.GetMetadata("DatasetName"), StringComparer.Ordinal))
        {
            var first = files.First();
            var operation = first.GetMetadata("Operation");
            var producer = DatasetProducers.Find(Producers, first);
            datasets[files.Key] = new LockedDataset(
                producer?.GetMetadata("ItemType") ?? "",
                operation.Length > 0 ? operation : first.GetMetadata("Converter"),
                operation.Length > 0 ? "built-in" : first.GetMetadata("ConverterCode"),
                producer is null ? new Dictionary<string, string>() : OptionsOf(producer),
                first.GetMetadata("DerivedFrom").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                long.Parse(first.GetMetadata("DatasetSampleCount"), CultureInfo.InvariantCulture),
                files.ToDictionary(f => Path.GetFileName(f.ItemSpec), FileOf, StringComparer.Ordinal));
        }
        return new DatasetsLock(SdkVersion, sources, datasets);
    }

    /// <summary>The item's metadata as written in the project (Converter is the producer, ItemType our own tag).</summary>
    private static SortedDictionary<string, string> OptionsOf(ITaskItem item)
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var metadata = item.CloneCustomMetadata();
        foreach (var key in metadata.Keys.Cast<string>().Where(k => k is not ("ItemType" or "Converter") && ItemOptions.IsOption(k)))
            options[key] = metadata[key] as string ?? "";
        return options;
    }

    /// <summary>A data file's MD5 comes from the .md5 file written beside it (no second read of a large file); a view file is hashed.</summary>
    private static LockedFile FileOf(ITaskItem output)
    {
        var path = output.GetMetadata("FullPath");
        var name = Path.GetFileName(path);
        var md5Path = path.EndsWith(".msgpack", StringComparison.Ordinal) ? DatasetPaths.For(path).Md5 : null;
        var md5 = md5Path is not null && File.Exists(md5Path)
            ? Md5File.Read(md5Path).FirstOrDefault(e => e.FileName == name)?.Md5 ?? Md5File.HashFile(path)
            : Md5File.HashFile(path);
        return new LockedFile(md5, new FileInfo(path).Length, long.Parse(output.GetMetadata("SampleCount"), CultureInfo.InvariantCulture));
    }
}
