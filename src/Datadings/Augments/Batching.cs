using Datadings.Msgpack;

namespace Datadings.Augments;

/// <summary>
/// A batch of samples collated field by field: a field whose values are all <see cref="NdArray"/>s of one dtype and
/// shape becomes one array of shape (N, …) (what a training loop feeds a model); any other field is the list of
/// its N values. Fields missing from some samples are lists with nulls.
/// </summary>
public sealed class Batch
{
    internal Batch(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, object?> fields)
    {
        Samples = samples;
        Fields = fields;
    }

    /// <summary>The samples, in order.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    public int Count => Samples.Count;

    /// <summary>Field name → collated value (an <see cref="NdArray"/> of shape (N, …) or a <c>List&lt;object?&gt;</c> of N values), in first-sample field order.</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; }

    public object? this[string field] => Fields[field];

    /// <summary>The field as a stacked array; throws if it was not collated into one.</summary>
    public NdArray Array(string field) => Fields[field] as NdArray
        ?? throw new InvalidOperationException($"the field '{field}' is not an array of one dtype and shape in every sample of the batch");
}

/// <summary>Fixed-size batches over any sample sequence (a reader, an augment, augmented samples).</summary>
public static class Batching
{
    /// <summary>
    /// Groups <paramref name="samples"/> into batches of <paramref name="size"/>; the last, smaller batch is kept
    /// unless <paramref name="dropLast"/> (as PyTorch's DataLoader drop_last).
    /// </summary>
    public static IEnumerable<Batch> Batches(this IEnumerable<Sample> samples, int size, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var pending = new List<Sample>(size);
        foreach (var sample in samples)
        {
            pending.Add(sample);
            if (pending.Count == size)
            {
                yield return Collate(pending);
                pending = new List<Sample>(size);
            }
        }
        if (pending.Count > 0 && !dropLast)
            yield return Collate(pending);
    }

    /// <summary>Collates <paramref name="samples"/> into one batch (see <see cref="Batch"/>).</summary>
    public static Batch Collate(IReadOnlyList<Sample> samples)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
            foreach (var name in sample.Keys)
                if (seen.Add(name)) names.Add(name);
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var values = samples.Select(s => s.TryGetValue(name, out var v) ? v : null).ToList();
            fields[name] = Stack(values) ?? (object)values;
        }
        return new Batch(samples, new OrderedFieldMap(names, fields));
    }

    /// <summary>One array of shape (N, …) if every value is an array of the first one's dtype and shape; else null.</summary>
    private static NdArray? Stack(List<object?> values)
    {
        if (values.Count == 0 || values[0] is not NdArray first || first.Dtype is not { } dtype) return null;
        long bytes = first.Data.Length;
        foreach (var value in values)
            if (value is not NdArray a || a.Dtype != dtype || !a.Shape.AsSpan().SequenceEqual(first.Shape) || a.Data.Length != bytes)
                return null;
        var data = new byte[bytes * values.Count];
        for (int i = 0; i < values.Count; i++)
            ((NdArray)values[i]!).Data.Span.CopyTo(data.AsSpan((int)(i * bytes)));
        return NdArray.FromBytes(dtype, [values.Count, .. first.Shape], data);
    }

    /// <summary>A read-only map that enumerates in the samples' field order.</summary>
    private sealed class OrderedFieldMap(List<string> order, Dictionary<string, object?> values) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => values[key];
        public IEnumerable<string> Keys => order;
        public IEnumerable<object?> Values => order.Select(k => values[k]);
        public int Count => order.Count;
        public bool ContainsKey(string key) => values.ContainsKey(key);
        public bool TryGetValue(string key, out object? value) => values.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => order.Select(k => new KeyValuePair<string, object?>(k, values[k])).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
