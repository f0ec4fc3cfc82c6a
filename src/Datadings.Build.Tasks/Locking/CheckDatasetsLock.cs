using Datadings.Locking;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Locking;

/// <summary>
/// Runs before anything is downloaded: the lock must be readable (else nothing is built), and in locked mode it must
/// exist and list exactly the declared sources with their MD5s.
/// </summary>
public sealed class CheckDatasetsLock : LockTask
{
    /// <summary>The project asked for a lock (DatadingsUseLockFile=true), so locked mode without one is an error.</summary>
    public bool UseLockFile { get; set; }

    /// <summary>@(DatasetSource) as declared: Include and Md5.</summary>
    public ITaskItem[] Sources { get; set; } = [];

    public override bool Execute()
    {
        if (!File.Exists(LockPath))
        {
            if (LockedMode && UseLockFile)
                Log.LogError(null, LockErrorCodes.Missing, null, ReportedProjectFile, 0, 0, 0, 0,
                    $"Locked mode is on (DatadingsLockedMode, on by default in CI builds) and the project uses a lock file, but {LockPath} does not exist. "
                    + "Build once without locked mode (-p:DatadingsLockedMode=false) to write it, and commit it.");
            return !Log.HasLoggedErrors;
        }

        var locked = TryReadLock();
        if (locked is not null && LockedMode)
        {
            var declared = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in Sources)
                declared[source.ItemSpec] = source.GetMetadata("Md5").Trim();
            ReportDrift(LockComparison.CompareSources(locked, declared));
        }
        else if (locked is not null)
        {
            Log.LogMessage(MessageImportance.Low, $"{LockPath}: read, {locked.Sources.Count} sources and {locked.Datasets.Count} datasets");
        }
        return !Log.HasLoggedErrors;
    }
}
