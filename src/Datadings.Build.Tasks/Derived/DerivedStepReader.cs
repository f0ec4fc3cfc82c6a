using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks.Derived;

/// <summary>Reads an item of one of the derived dataset item types into its step.</summary>
internal static class DerivedStepReader
{
    public static DerivedStep Read(ITaskItem item, string itemType, string projectDirectory, string assignmentDirectory, Func<TransformSettings> transformSettings)
    {
        var metadata = new ItemMetadata(item, itemType, projectDirectory);
        RequireDatasetName(metadata, metadata.Name);
        return itemType switch
        {
            "DatasetShuffle" => new ShuffleStep(metadata),
            "DatasetSplit" => new SplitStep(metadata, assignmentDirectory),
            "DatasetMerge" => new MergeStep(metadata),
            "DatasetSample" => new SampleStep(metadata),
            "DatasetRelabel" => new RelabelStep(metadata),
            "DatasetView" => new ViewStep(metadata),
            "DatasetTransform" => new TransformStep(metadata, transformSettings()),
            _ => throw new ArgumentOutOfRangeException(nameof(itemType), itemType, "not a derived dataset item type"),
        };
    }

    /// <summary>Names become file names (NAME.msgpack), so they must be plain.</summary>
    public static void RequireDatasetName(ItemMetadata item, string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|', ';']) >= 0 || name.StartsWith('.'))
            throw item.Invalid($"'{name}' cannot be a dataset name: it becomes the file name NAME.msgpack, so use letters, digits, '-', '_' or '.' (not first)");
    }
}
