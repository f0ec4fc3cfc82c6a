using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks;

/// <summary>
/// Which datasets referencing projects get (copies beside a model's binaries, and in its publish folder). By default
/// the results: every dataset that no other item of this project reads. The intermediate steps (a conversion that is
/// only shuffled, a shuffle that is only split) stay in this project. An item's <c>CopyToReferencingProjects</c>
/// metadata overrides the default either way; a view file always brings its base dataset, which it needs to be read.
/// </summary>
public sealed class SelectDatasetsForReferencingProjects : DatadingsTask
{
    /// <summary>@(DatasetOutput): DatasetName, DerivedFrom, View, ViewBase, Operation, Split.</summary>
    [Required]
    public ITaskItem[] Datasets { get; set; } = [];

    /// <summary>The items that produce datasets, with metadata ItemType (for CopyToReferencingProjects).</summary>
    public ITaskItem[] Producers { get; set; } = [];

    [Output]
    public ITaskItem[] Selected { get; set; } = [];

    public override bool Execute()
    {
        var read = Datasets.SelectMany(d => d.GetMetadata("DerivedFrom").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        var selected = new List<ITaskItem>();
        foreach (var output in Datasets)
        {
            var setting = DatasetProducers.Find(Producers, output)?.GetMetadata(ItemOptions.CopyToReferencingProjects).Trim() ?? "";
            if (setting.Length > 0 && !bool.TryParse(setting, out _))
            {
                LogProjectError(Locking.LockErrorCodes.InvalidCopySetting, $"Dataset '{output.GetMetadata("DatasetName")}': {ItemOptions.CopyToReferencingProjects}=\"{setting}\" must be true or false.");
                continue;
            }
            var offered = setting.Length > 0 ? bool.Parse(setting) : !read.Contains(output.GetMetadata("DatasetName"));
            if (offered) selected.Add(output);
        }
        // A view file names its base by relative path: the base goes wherever the view goes.
        foreach (var view in selected.Where(s => s.GetMetadata("View") == "true").ToList())
        {
            var basePath = Path.GetFullPath(view.GetMetadata("ViewBase"));
            selected.AddRange(Datasets.Where(d => !selected.Contains(d) && Path.GetFullPath(d.ItemSpec) == basePath));
        }
        foreach (var skipped in Datasets.Except(selected).Select(d => d.GetMetadata("DatasetName")).Distinct())
            Log.LogMessage(MessageImportance.Low, $"{skipped}: not offered to referencing projects (read by another item of this project; set {ItemOptions.CopyToReferencingProjects}=\"true\" on its item to offer it)");
        Selected = [.. selected.Distinct()];
        return !Log.HasLoggedErrors;
    }
}
