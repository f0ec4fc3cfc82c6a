namespace Datadings.Operations;

/// <summary>
/// How far an operation has got: <paramref name="Done"/> of <paramref name="Total"/> samples written to
/// <paramref name="Output"/>. Reported at most every <see cref="OperationContext.ReportInterval"/> samples and once
/// when an output is complete, so a consumer can render percent, rate and ETA without being flooded.
/// </summary>
public sealed record OperationProgress(string Operation, string Output, long Done, long Total);
