using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary><c>DatasetMerge</c>: <see cref="MergeOperation"/> over <c>Inputs</c>, in their order.</summary>
internal sealed class MergeStep : DerivedStep
{
    private readonly MergeOptions _options;

    public MergeStep(ItemMetadata item) : base(item, "merge", RequireInputs(item))
    {
        var prefixes = item.Text("KeyPrefixes") is { } text ? text.Split(';', StringSplitOptions.TrimEntries) : null;
        if (prefixes is not null && prefixes.Length != Inputs.Count)
            throw item.Invalid($"KeyPrefixes lists {prefixes.Length} prefixes for {Inputs.Count} inputs; give one per input, in the order of Inputs");
        _options = new MergeOptions
        {
            Strategy = item.Enum<MergeStrategy>("Strategy") ?? new MergeOptions().Strategy,
            Seed = item.Long("Seed") ?? 0,
            ShuffleInputs = item.Bool("ShuffleInputs") ?? false,
            KeyPrefixes = prefixes,
            Overwrite = true,
        };
    }

    private static IReadOnlyList<string> RequireInputs(ItemMetadata item)
    {
        var inputs = item.List("Inputs");
        if (inputs.Count == 0) throw item.Invalid("has no Inputs metadata (the datasets to merge, separated by ';')");
        if (inputs.Distinct(StringComparer.Ordinal).Count() != inputs.Count) throw item.Invalid($"Inputs '{string.Join(';', inputs)}' lists a dataset twice");
        return inputs;
    }

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken) =>
        MergeOperation.Run(inputs, outputs[0], _options, progress, cancellationToken);
}
