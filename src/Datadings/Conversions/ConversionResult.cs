namespace Datadings.Conversions;

/// <summary>One data file written by a conversion (the whole dataset, or one shard) with its sample count.</summary>
public sealed record DatasetFile(DatasetPaths Paths, int SampleCount, long DataBytes)
{
    /// <summary>The data file and its five index files, in the writer's order.</summary>
    public IReadOnlyList<string> AllFiles => Paths.WrittenFiles;
}

/// <summary>What a conversion produced.</summary>
public sealed record ConversionResult(
    string DatasetName,
    long SampleCount,
    IReadOnlyList<DatasetFile> Files,
    TimeSpan Duration,
    IReadOnlyDictionary<string, string> Metadata)
{
    public long DataBytes => Files.Sum(f => f.DataBytes);
}

/// <summary>A progress report of a running conversion.</summary>
public sealed record ConversionProgress(string DatasetName, long Samples, long? ExpectedSamples, TimeSpan Elapsed)
{
    public double SamplesPerSecond => Samples / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public TimeSpan? EstimatedRemaining =>
        ExpectedSamples is { } total && Samples > 0 && total >= Samples
            ? TimeSpan.FromSeconds((total - Samples) / SamplesPerSecond)
            : null;
}
