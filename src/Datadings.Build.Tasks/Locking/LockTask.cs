using Datadings.Locking;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Locking;

/// <summary>What both lock tasks share: the lock's path, reading it with coded errors, and reporting drift.</summary>
public abstract class LockTask : DatadingsTask
{
    /// <summary>datasets.lock.json (relative to the project).</summary>
    [Required]
    public string LockFile { get; set; } = "";

    /// <summary>Never rewrite the lock; every difference is an error.</summary>
    public bool LockedMode { get; set; }

    protected string LockPath => Path.GetFullPath(Path.Combine(ProjectDirectory, LockFile));

    /// <summary>The lock, or null after logging why it cannot be used (or when there is none).</summary>
    protected DatasetsLock? TryReadLock()
    {
        if (!File.Exists(LockPath)) return null;
        try
        {
            return DatasetsLockJson.Read(LockPath);
        }
        catch (DatasetsLockException e)
        {
            Log.LogError(null, LockErrorCodes.For(e.Problem), null, e.LockPath, e.Line, 0, 0, 0,
                $"{e.Reason}. Nothing was built from this lock.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, LockErrorCodes.Unexpected, null, LockPath, 0, 0, 0, 0, $"The lock file could not be read: {e.Message}");
        }
        return null;
    }

    /// <summary>One error per difference, at the lock's line, with how to accept the change on purpose.</summary>
    protected void ReportDrift(IEnumerable<LockDifference> differences)
    {
        foreach (var d in differences)
        {
            Log.LogError(null, LockErrorCodes.For(d.Kind), null, LockPath, d.Line, 0, 0, 0,
                $"{d.Message}. Locked mode never rewrites {Path.GetFileName(LockPath)}; if the change is intended, build once with "
                + $"-p:DatadingsLockedMode=false (it updates the lock) and commit the lock with the change.");
        }
    }
}
