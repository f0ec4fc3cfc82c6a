namespace Datadings.Downloads;

/// <summary>What a running download or verification has done so far.</summary>
/// <param name="Phase">Downloading or Verifying (hashing a file that is already on disk).</param>
/// <param name="TotalBytes">Expected total, if the server or the source says it.</param>
/// <param name="BytesPerSecond">Average rate of this transfer since it started.</param>
public sealed record TransferProgress(
    string SourceName,
    TransferPhase Phase,
    string Location,
    long BytesDone,
    long? TotalBytes,
    double BytesPerSecond)
{
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Min(1.0, (double)BytesDone / total) : null;

    public TimeSpan? EstimatedRemaining =>
        TotalBytes is { } total && BytesPerSecond > 0
            ? TimeSpan.FromSeconds(Math.Max(0, total - BytesDone) / BytesPerSecond)
            : null;
}

public enum TransferPhase
{
    Downloading,
    Verifying,
}
