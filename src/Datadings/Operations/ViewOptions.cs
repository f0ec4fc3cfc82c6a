namespace Datadings.Operations;

/// <summary>
/// How a view is defined and written. Give exactly one of <see cref="IndicesFile"/>, <see cref="KeysFile"/> and
/// <see cref="WindowSize"/> (or pass a <see cref="Views.ViewDefinition"/> to <see cref="ViewOperation.Run(string, string, Views.ViewDefinition, ViewOptions?, IProgress{OperationProgress}?, CancellationToken)"/>).
/// </summary>
public sealed record ViewOptions
{
    /// <summary>A text file of base indices, one view sample per line (several indices on a line = a window).</summary>
    public string? IndicesFile { get; init; }

    /// <summary>A text file of base keys, one per line.</summary>
    public string? KeysFile { get; init; }

    /// <summary>Sliding windows of this many consecutive base samples.</summary>
    public int? WindowSize { get; init; }

    /// <summary>Base samples between the starts of consecutive windows.</summary>
    public int WindowStride { get; init; } = 1;

    /// <summary>Windows never span two values of this field (e.g. <c>"video"</c>); null: one run over the whole base.</summary>
    public string? WindowGroupField { get; init; }

    /// <summary>
    /// True (default): write a normal dataset with the selected bytes copied verbatim. False: write a small view
    /// file that <see cref="Views.ViewReader.Open"/> serves from the base without copying.
    /// </summary>
    public bool Materialize { get; init; } = true;

    public bool Overwrite { get; init; }
}
