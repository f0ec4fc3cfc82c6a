namespace Datadings.Operations;

public sealed record SplitOptions
{
    /// <summary>One output per part; by default <see cref="SplitOperation.DefaultOutputs"/>.</summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    public bool Overwrite { get; init; }
}
