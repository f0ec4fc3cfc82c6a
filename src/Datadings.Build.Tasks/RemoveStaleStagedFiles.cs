using Datadings.Writing;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks;

/// <summary>
/// Deletes the staged (<c>.NAME.*.tmp</c>) files that a killed build left for this project's datasets in the output
/// and stamp folders, before converting and on clean. A staged file whose writer still runs (another build writing
/// the same folder) is kept: see <see cref="StagedFiles.RemoveStale"/>.
/// </summary>
public sealed class RemoveStaleStagedFiles : DatadingsTask
{
    /// <summary>Folders to look in (relative to the project).</summary>
    public ITaskItem[] Directories { get; set; } = [];

    /// <summary>Every dataset name of the project (conversions, derived items, split parts).</summary>
    public ITaskItem[] DatasetNames { get; set; } = [];

    public override bool Execute()
    {
        var names = DatasetNames.Select(n => n.ItemSpec.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        foreach (var directory in Directories.Select(d => Path.GetFullPath(Path.Combine(ProjectDirectory, d.ItemSpec))).Distinct())
        {
            foreach (var removed in StagedFiles.RemoveStale(directory, names))
                Log.LogMessage(MessageImportance.Normal, $"Removed {removed}: a staged file left by a build that was killed while writing it.");
        }
        return true;
    }
}
