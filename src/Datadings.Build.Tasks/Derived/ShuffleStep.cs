using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary><c>DatasetShuffle</c>: <see cref="ShuffleOperation"/>.</summary>
internal sealed class ShuffleStep : DerivedStep
{
    private readonly ShuffleOptions _options;

    public ShuffleStep(ItemMetadata item) : base(item, "shuffle", [SingleInput(item, "the dataset to shuffle")])
    {
        var defaults = new ShuffleOptions();
        _options = new ShuffleOptions
        {
            Mode = item.Enum<ShuffleMode>("Mode") ?? defaults.Mode,
            Seed = item.Long("Seed"),
            Epoch = item.Long("Epoch") ?? defaults.Epoch,
            QuasiBuffer = item.Double("QuasiBuffer") ?? defaults.QuasiBuffer,
            QuasiChunkSize = item.Int("QuasiChunkSize", 1) ?? defaults.QuasiChunkSize,
            MemoryBudgetBytes = item.Int("MemoryMB", 1) is { } megabytes ? (long)megabytes << 20 : defaults.MemoryBudgetBytes,
            Overwrite = true,
        };
    }

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken) =>
        ShuffleOperation.Run(inputs[0], outputs[0], _options, progress, cancellationToken);
}
