using Datadings.Operations;
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

    /// <summary>
    /// Design-time builds (which convert nothing): the folder of the conversion stamps. A conversion that an earlier
    /// build completed (its stamp there, its files intact) gives the class names that build recorded, so IntelliSense
    /// shows a converter's names (LabelledTree folders, CIFAR's meta files) and the design-time and real builds
    /// generate the same class instead of rewriting it in turn. Empty: no stamps are read.
    /// </summary>
    public string LastBuildStampDirectory { get; set; } = "";

    /// <summary>
    /// The .dsproj (<c>$(MSBuildProjectFullPath)</c>): relabel maps are relative to it, and errors name it
    /// (<c>BuildEngine.ProjectFileOfTaskNode</c> is the .targets file that calls the task).
    /// </summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>
    /// The datasets this project offers to referencing projects (copies beside their binaries), as
    /// SelectDatasetsForReferencingProjects chose them; read only when <see cref="OfferedKnown"/>.
    /// </summary>
    public ITaskItem[] Offered { get; set; } = [];

    /// <summary>Whether <see cref="Offered"/> was computed (a real build; design-time builds build nothing to offer).</summary>
    public bool OfferedKnown { get; set; }

    /// <summary>
    /// The same items plus TargetPath, DatasetProject, DatasetsClassName, MemberName, ClassNames, CSharpDeclaration and
    /// OfferedToReferencingProjects (true/false; empty when not <see cref="OfferedKnown"/>).
    /// </summary>
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
        var offered = Offered.Select(o => o.GetMetadata("DatasetName")).ToHashSet(StringComparer.Ordinal);
        var declared = Datasets
            .GroupBy(d => d.GetMetadata("DatasetName"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (LastBuildStampDirectory.Length > 0)
        {
            foreach (var (name, names) in LastBuiltClassNames(declared))
                builtClassNames.TryAdd(name, names);
            foreach (var (name, names) in RelabelMapClassNames(declared))
                builtClassNames.TryAdd(name, names);
        }
        foreach (var dataset in Datasets)
        {
            var name = dataset.GetMetadata("DatasetName");
            var sharded = string.Equals(dataset.GetMetadata("Sharded"), "true", StringComparison.OrdinalIgnoreCase);
            var member = DatasetAccessorCode.MemberName(name, className);
            if (members.TryGetValue(member, out var other))
            {
                Log.LogError(null, ReferenceErrorCodes.AccessorNameClash, null, ProjectFile, 0, 0, 0, 0,
                    "Datasets \"{0}\" and \"{1}\" would both be Datasets.{2}.{3} in referencing projects' code. Rename one of them.",
                    other, name, className, member);
                continue;
            }
            members[member] = name;
            var classNames = ClassNamesOf(name, builtClassNames, declared, []);
            var relative = ReferenceFolder.Replace('\\', '/') + Path.GetFileName(dataset.ItemSpec);
            var item = new TaskItem(dataset.ItemSpec);
            item.SetMetadata("DatasetName", name);
            item.SetMetadata("Sharded", sharded ? "true" : "false");
            item.SetMetadata("TargetPath", relative);
            item.SetMetadata("DatasetProject", ProjectName);
            item.SetMetadata("DatasetsClassName", className);
            item.SetMetadata("MemberName", member);
            item.SetMetadata("ClassNames", classNames);
            item.SetMetadata("OfferedToReferencingProjects", OfferedKnown ? (offered.Contains(name) ? "true" : "false") : "");
            item.SetMetadata("CSharpDeclaration", DatasetAccessorCode.Declaration(className, member, name, relative, dataset.ItemSpec, sharded,
                classNames.Length == 0 ? [] : classNames.Split(';')));
            described.Add(item);
        }
        Described = [.. described];
        return !Log.HasLoggedErrors;
    }

    /// <summary>The class names the last build of each conversion recorded (converter-found ones; declared ones are declarations anyway).</summary>
    private IEnumerable<(string Name, string ClassNames)> LastBuiltClassNames(Dictionary<string, ITaskItem> declared)
    {
        foreach (var (name, item) in declared)
        {
            if (item.GetMetadata("Input").Length > 0 || item.GetMetadata("Inputs").Length > 0) continue; // derived: inherits
            if (ConversionStamp.TryRead(Path.Combine(LastBuildStampDirectory, name + ".stamp")) is { } stamp
                && stamp.Metadata.TryGetValue("ClassNames", out var names) && names.Length > 0 && stamp.OutputsIntact())
                yield return (name, names);
        }
    }

    /// <summary>
    /// A relabel's class names are its map's (RelabelStep.ClassMetadata), a file of the project: read here so that
    /// design-time builds give the relabel and what derives from it the names the real build gives, instead of none
    /// (the two would then rewrite the generated class in turn and every real build would recompile the model). A
    /// map that is missing or invalid gives none; the real build reports it.
    /// </summary>
    private IEnumerable<(string Name, string ClassNames)> RelabelMapClassNames(Dictionary<string, ITaskItem> declared)
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile)) ?? ".";
        foreach (var (name, item) in declared)
        {
            if (!string.Equals(item.GetMetadata("InheritsClassNames"), "false", StringComparison.OrdinalIgnoreCase)
                || item.GetMetadata("Map") is not { Length: > 0 } map || item.GetMetadata("ClassNames").Length > 0) continue;
            string? names = null;
            try
            {
                LabelMap.Load(Path.GetFullPath(Path.Combine(projectDirectory, map))).ClassMetadata().TryGetValue(LabelMap.ClassNamesKey, out names);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
            {
            }
            if (names is { Length: > 0 }) yield return (name, names);
        }
    }

    /// <summary>
    /// A dataset's class names: the built dataset's; else the item's own <c>ClassNames</c>; else, for a derived dataset
    /// (Input/Inputs metadata) that keeps its labels (not a relabel), its inputs' names when they all have the same
    /// ones — as the build will give them. Design-time builds build nothing, so there this is all there is.
    /// </summary>
    private static string ClassNamesOf(string name, Dictionary<string, string> built, Dictionary<string, ITaskItem> declared, HashSet<string> visiting)
    {
        if (built.TryGetValue(name, out var names)) return names;
        if (!declared.TryGetValue(name, out var item)) return "";
        if (item.GetMetadata("ClassNames") is { Length: > 0 } own) return own;
        if (string.Equals(item.GetMetadata("InheritsClassNames"), "false", StringComparison.OrdinalIgnoreCase) || !visiting.Add(name)) return "";
        var inputs = (item.GetMetadata("Input") + ";" + item.GetMetadata("Inputs"))
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var inherited = inputs.Select(input => ClassNamesOf(input, built, declared, visiting)).Distinct(StringComparer.Ordinal).ToList();
        visiting.Remove(name);
        return inherited is [{ Length: > 0 } one] ? one : "";
    }
}
