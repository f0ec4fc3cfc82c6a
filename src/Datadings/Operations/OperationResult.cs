namespace Datadings.Operations;

/// <summary>One dataset an operation wrote: its data file and how many samples it holds.</summary>
public sealed record WrittenDataset(string Path, int Count);

/// <summary>
/// What an operation did: the datasets written, in order, and notes a user should see (e.g. that fewer samples
/// were available than requested). Notes are facts, not failures; failures are exceptions.
/// </summary>
public sealed record OperationResult(IReadOnlyList<WrittenDataset> Outputs, IReadOnlyList<string> Notes)
{
    public OperationResult(IReadOnlyList<WrittenDataset> outputs) : this(outputs, []) { }
}
