using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks;

/// <summary>
/// Finds the item that produced a dataset output: the <c>DatasetConversion</c> of that name, or the derived item
/// (its <c>Split</c> for a split part). Producer items carry their item type as metadata <c>ItemType</c>.
/// </summary>
internal static class DatasetProducers
{
    public static ITaskItem? Find(IEnumerable<ITaskItem> producers, ITaskItem output)
    {
        var derived = output.GetMetadata("Operation").Length > 0;
        var name = output.GetMetadata("Split") is { Length: > 0 } split ? split : output.GetMetadata("DatasetName");
        return producers.FirstOrDefault(p => p.ItemSpec.Trim() == name && derived != (p.GetMetadata("ItemType") == "DatasetConversion"));
    }
}
