using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Datadings.Build.Tasks;

/// <summary>
/// Adds to each declared dataset what a referencing project needs: its path relative to that project's output
/// folder (TargetPath), the C# member name and the declaration for the generated Datasets class. Reads no data.
/// </summary>
public sealed class DescribeDatasetAccessors : MSBuildTask
{
    /// <summary>Item spec = where the dataset is written (pattern when sharded); DatasetName, Sharded.</summary>
    [Required]
    public ITaskItem[] Datasets { get; set; } = [];

    /// <summary>The class under Datasets (the project name by default); made a valid identifier.</summary>
    [Required]
    public string ClassName { get; set; } = "";

    /// <summary>Where referencing projects copy the datasets, relative to their output folder.</summary>
    [Required]
    public string ReferenceFolder { get; set; } = "";

    public string ProjectName { get; set; } = "";

    /// <summary>
    /// The project's built datasets (@(DatasetOutput)), when the build has them: their <c>ClassNames</c> metadata
    /// (a converter's, a recipe's or the item's) wins over a declared dataset's own <c>ClassNames</c>.
    /// </summary>
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary>The same items plus TargetPath, DatasetProject, DatasetsClassName, MemberName, ClassNames and CSharpDeclaration.</summary>
    [Output]
    public ITaskItem[] Described { get; set; } = [];

    public override bool Execute()
    {
        var className = DatasetAccessorCode.Identifier(ClassName);
        var described = new List<ITaskItem>();
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        var builtClassNames = Outputs
            .Where(o => o.GetMetadata("ClassNames").Length > 0)
            .GroupBy(o => o.GetMetadata("DatasetName"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().GetMetadata("ClassNames"), StringComparer.Ordinal);
        foreach (var dataset in Datasets)
        {
            var name = dataset.GetMetadata("DatasetName");
            var sharded = string.Equals(dataset.GetMetadata("Sharded"), "true", StringComparison.OrdinalIgnoreCase);
            var member = DatasetAccessorCode.MemberName(name, className);
            if (members.TryGetValue(member, out var other))
            {
                Log.LogError(null, ReferenceErrorCodes.AccessorNameClash, null, BuildEngine?.ProjectFileOfTaskNode ?? "", 0, 0, 0, 0,
                    "Datasets \"{0}\" and \"{1}\" would both be Datasets.{2}.{3} in referencing projects' code. Rename one of them.",
                    other, name, className, member);
                continue;
            }
            members[member] = name;
            var classNames = builtClassNames.GetValueOrDefault(name) ?? dataset.GetMetadata("ClassNames");
            var relative = ReferenceFolder.Replace('\\', '/') + Path.GetFileName(dataset.ItemSpec);
            var item = new TaskItem(dataset.ItemSpec);
            item.SetMetadata("DatasetName", name);
            item.SetMetadata("Sharded", sharded ? "true" : "false");
            item.SetMetadata("TargetPath", relative);
            item.SetMetadata("DatasetProject", ProjectName);
            item.SetMetadata("DatasetsClassName", className);
            item.SetMetadata("MemberName", member);
            item.SetMetadata("ClassNames", classNames);
            item.SetMetadata("CSharpDeclaration", DatasetAccessorCode.Declaration(className, member, name, relative, dataset.ItemSpec, sharded,
                classNames.Length == 0 ? [] : classNames.Split(';')));
            described.Add(item);
        }
        Described = [.. described];
        return !Log.HasLoggedErrors;
    }
}
