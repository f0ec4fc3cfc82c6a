namespace Datadings.Reading;

/// <summary>
/// Random access to the samples of a dataset by index (0..Count-1, or negative from the end) and by key.
/// Implementations are safe for concurrent readers.
/// </summary>
public interface ISampleReader : IReadOnlyList<Sample>, IDisposable
{
    /// <summary>The sample at <paramref name="index"/>, decoded.</summary>
    Sample Get(int index);

    /// <summary>The sample at <paramref name="index"/> as its packed msgpack bytes, exactly as stored.</summary>
    ReadOnlyMemory<byte> GetRaw(int index);

    /// <summary>The key of the sample at <paramref name="index"/>.</summary>
    string GetKey(int index);

    /// <summary>The index of the sample with <paramref name="key"/>, or false if there is none.</summary>
    bool TryFindIndex(string key, out int index);

    /// <summary>Whether a sample with <paramref name="key"/> exists.</summary>
    bool Contains(string key);
}

public static class SampleReaderExtensions
{
    /// <summary>The index of the sample with <paramref name="key"/>; <see cref="KeyNotFoundException"/> if there is none.</summary>
    public static int FindIndex(this ISampleReader reader, string key) =>
        reader.TryFindIndex(key, out int index) ? index : throw new KeyNotFoundException($"No sample has the key \"{key}\".");

    /// <summary>The sample with <paramref name="key"/>.</summary>
    public static Sample Get(this ISampleReader reader, string key) => reader.Get(reader.FindIndex(key));

    /// <summary>
    /// The sample at <paramref name="index"/> decoded as whatever msgpack value it holds, like the reference's
    /// reader: a <see cref="Msgpack.MsgpackMap"/> for a map (all field names in file order, of any type), a
    /// <see cref="List{T}"/> for an array (RawWriter accepts any packed value), and so on. Bytes are copied.
    /// </summary>
    /// <exception cref="DatadingsFormatException">The bytes are not one valid msgpack value (located in the data file).</exception>
    public static object? GetValue(this ISampleReader reader, int index) =>
        Decode(reader, index, static raw => Msgpack.MsgpackSerializer.Deserialize(raw.Span));

    /// <summary>
    /// The sample at <paramref name="index"/>, decoded with its byte values in pooled arrays: fastest for large
    /// samples, valid until disposed (see <see cref="PooledSample"/>). Use it in a <c>using</c>.
    /// </summary>
    /// <exception cref="DatadingsFormatException">The sample is not a valid msgpack map (located in the data file).</exception>
    public static PooledSample GetPooled(this ISampleReader reader, int index) =>
        Decode(reader, index, static raw => Msgpack.MsgpackSerializer.DeserializePooledSample(raw.Span));

    private static T Decode<T>(ISampleReader reader, int index, Func<ReadOnlyMemory<byte>, T> decode)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return decode(reader.GetRaw(index));
        }
        catch (DatadingsFormatException e) when (e.FilePath is null && reader is DatasetReader dataset)
        {
            throw e.At(dataset.Paths.Data, dataset.OffsetOf(index));
        }
    }

    /// <summary>Samples <c>[start, stop)</c>, exactly (negative bounds count from the end, as in Python's range).</summary>
    public static IEnumerable<Sample> Read(this ISampleReader reader, int start = 0, int? stop = null)
    {
        var (from, to) = Bounds(reader.Count, start, stop);
        for (int i = from; i < to; i++) yield return reader.Get(i);
    }

    /// <summary>Packed samples <c>[start, stop)</c>, exactly.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> ReadRaw(this ISampleReader reader, int start = 0, int? stop = null)
    {
        var (from, to) = Bounds(reader.Count, start, stop);
        for (int i = from; i < to; i++) yield return reader.GetRaw(i);
    }

    /// <summary>Resolves an index that may count from the end; out of range is an <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static int ResolveIndex(int count, int index)
    {
        int resolved = index < 0 ? index + count : index;
        if ((uint)resolved >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is out of range for a dataset of {count} samples.");
        return resolved;
    }

    // Python slice semantics: bounds are clamped, negative ones count from the end.
    internal static (int From, int To) Bounds(int count, int start, int? stop)
    {
        static int Clamp(int v, int n) => v < 0 ? Math.Max(0, v + n) : Math.Min(v, n);
        int from = Clamp(start, count), to = Clamp(stop ?? count, count);
        return (from, Math.Max(from, to));
    }
}
