using Datadings.Augments;
using Datadings.Msgpack;
using TorchSharp;
using static TorchSharp.torch;

namespace Datadings.TorchSharp;

/// <summary>
/// One batch as tensors, collated like PyTorch's <c>default_collate</c>: an array field of one dtype and shape in
/// every sample becomes a tensor (N, …) of the same dtype (uint8, int8, int16, int32, int64, float32, float64, bool);
/// integer fields become int64 (N), floating-point fields float64 (N), bool fields bool (N). Other fields (strings,
/// bytes, mixed shapes) stay lists in <see cref="Values"/>. Dispose it (or use a dispose scope) to free the tensors.
/// </summary>
public sealed class TensorBatch : IDisposable
{
    internal TensorBatch(long epoch, IReadOnlyList<int> indices, Batch batch)
    {
        Epoch = epoch;
        Indices = indices;
        Keys = batch.Samples.Select(s => s.Key).ToList();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var values = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var (name, value) in batch.Fields)
        {
            var tensor = value is NdArray array ? FromArray(array) : value is List<object?> list ? FromScalars(list) : null;
            if (tensor is not null) tensors[name] = tensor;
            else values[name] = value as IReadOnlyList<object?> ?? [value];
        }
        Tensors = tensors;
        Values = values;
    }

    /// <summary>The epoch this batch belongs to.</summary>
    public long Epoch { get; }

    /// <summary>The reader indices of the samples, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>The sample keys, in batch order.</summary>
    public IReadOnlyList<string> Keys { get; }

    public int Count => Keys.Count;

    /// <summary>Field name → tensor with the batch as first dimension.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>Fields that are not tensors (strings, bytes, arrays of differing shapes): one value per sample.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object?>> Values { get; }

    public Tensor this[string field] => Tensors.TryGetValue(field, out var t) ? t
        : throw new KeyNotFoundException($"the field '{field}' is not a tensor in this batch (fields: {string.Join(", ", Tensors.Keys)})");

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
    }

    /// <summary>An <see cref="NdArray"/> → a tensor of the same dtype and shape (copied); null for dtypes torch lacks.</summary>
    public static Tensor? FromArray(NdArray array)
    {
        var shape = array.Shape;
        return (array.Dtype ?? "").TrimStart('<', '>', '=', '|') switch
        {
            "u1" => tensor(array.ToArray<byte>(), shape),
            "i1" => tensor(array.ToArray<sbyte>(), shape),
            "i2" => tensor(array.ToArray<short>(), shape),
            "i4" => tensor(array.ToArray<int>(), shape),
            "i8" => tensor(array.ToArray<long>(), shape),
            "f4" => tensor(array.ToArray<float>(), shape),
            "f8" => tensor(array.ToArray<double>(), shape),
            "b1" => tensor(array.ToArray<bool>(), shape),
            _ => null,
        };
    }

    private static Tensor? FromScalars(List<object?> values)
    {
        if (values.Count == 0) return null;
        if (values.All(IsInteger)) return tensor(values.Select(v => Convert.ToInt64(v)).ToArray(), [values.Count]);
        if (values.All(v => v is double or float)) return tensor(values.Select(v => Convert.ToDouble(v)).ToArray(), [values.Count]);
        if (values.All(v => v is bool)) return tensor(values.Select(v => (bool)v!).ToArray(), [values.Count]);
        return null;
    }

    private static bool IsInteger(object? v) => v is long or int or short or sbyte or byte or ushort or uint || (v is ulong u && u <= long.MaxValue);
}
