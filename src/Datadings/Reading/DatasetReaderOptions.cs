namespace Datadings.Reading;

public sealed record DatasetReaderOptions
{
    /// <summary>
    /// Decode binary values as <see cref="ReadOnlyMemory{T}"/> slices of the memory-mapped data file instead of
    /// copying them into <c>byte[]</c>. Faster for large values; the slices are only valid while the reader is open.
    /// </summary>
    public bool ZeroCopy { get; init; }
}
