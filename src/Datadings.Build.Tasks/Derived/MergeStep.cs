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

    /// <summary>
    /// The inputs' classes when they all record the same (e.g. each relabelled onto one shared label map); when they
    /// differ the merged ids mean different things per input, which <see cref="ClassMismatch"/> reports.
    /// </summary>
    public override IReadOnlyDictionary<string, string> ClassMetadata(IReadOnlyList<IReadOnlyDictionary<string, string>> inputs) =>
        ClassMismatch(inputs) is null ? inputs[0] : new Dictionary<string, string>();

    /// <summary>Why the inputs' class names cannot be one label space, or null when they agree (or none has any).</summary>
    public string? ClassMismatch(IReadOnlyList<IReadOnlyDictionary<string, string>> inputs)
    {
        string Names(int i) => inputs[i].TryGetValue(LabelMap.ClassNamesKey, out var n) ? $"\"{n}\"" : "none";
        string Colors(int i) => inputs[i].TryGetValue(LabelMap.ClassColorsKey, out var c) ? c : "";
        for (int i = 1; i < inputs.Count; i++)
        {
            if (Names(i) != Names(0))
                return $"its inputs record different class names ('{Inputs[0]}': {Names(0)}, '{Inputs[i]}': {Names(i)}), so the merged labels mean different classes per input; relabel each input onto one shared label map (DatasetRelabel Map=…) first";
            if (Colors(i) != Colors(0))
                return $"its inputs record the same class names but different colours ('{Inputs[0]}': \"{Colors(0)}\", '{Inputs[i]}': \"{Colors(i)}\"); relabel them with one shared label map";
        }
        return null;
    }

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken) =>
        MergeOperation.Run(inputs, outputs[0], _options, progress, cancellationToken);
}
