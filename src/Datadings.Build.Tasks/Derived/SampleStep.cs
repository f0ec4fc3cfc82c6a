using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary><c>DatasetSample</c>: <see cref="SampleOperation"/>.</summary>
internal sealed class SampleStep : DerivedStep
{
    private readonly int _count;
    private readonly SampleOptions _options;

    public SampleStep(ItemMetadata item) : base(item, "sample", [SingleInput(item, "the dataset to sample from")])
    {
        _count = item.Int("Count", 0) ?? throw item.Invalid("has no Count metadata (how many samples to take)");
        _options = new SampleOptions
        {
            Strategy = item.Enum<SampleStrategy>("Strategy") ?? new SampleOptions().Strategy,
            Seed = item.Long("Seed"),
            Overwrite = true,
        };
    }

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken) =>
        SampleOperation.Run(inputs[0], outputs[0], _count, _options, progress, cancellationToken);
}
