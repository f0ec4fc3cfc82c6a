using Datadings.Augments;
using Datadings.Msgpack;
using Datadings.Reading;
using static TorchSharp.torch;

namespace Datadings.TorchSharp;

/// <summary>
/// A map-style TorchSharp dataset (Python datadings' <c>datadings.torch.Dataset</c>) over any reader: item i is
/// sample i, transformed with a <see cref="SampleRandom"/> fixed by (seed, <see cref="Epoch"/>, i), as a
/// dictionary field → tensor without a batch dimension (arrays keep dtype and shape; integers → int64 scalars,
/// floats → float64 scalars; other fields are left out). Works with TorchSharp's <c>DataLoader</c>; for
/// datadings' shufflers, ordered workers and epoch tracking use <see cref="DatadingsLoader"/>.
/// </summary>
public sealed class DatadingsDataset(ISampleReader reader, SampleAugmentation? transform = null, long seed = 0, string? datasetName = null)
    : utils.data.Dataset
{
    public ISampleReader Reader { get; } = reader ?? throw new ArgumentNullException(nameof(reader));
    public SampleAugmentation? Transform { get; } = transform;
    public long Seed { get; } = seed;
    public string DatasetName { get; } = datasetName ?? DatasetNames.Of(reader);

    /// <summary>The epoch whose randomness the transforms use (set it at the start of each epoch).</summary>
    public long Epoch { get; set; }

    public override long Count => Reader.Count;

    public override Dictionary<string, Tensor> GetTensor(long index)
    {
        var sample = SampleTransformer.Apply(Reader, checked((int)index), Transform, Seed, Epoch, DatasetName);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in sample)
        {
            Tensor? converted = value switch
            {
                NdArray array => TensorBatch.FromArray(array),
                long or int or short or sbyte or byte or ushort or uint => tensor(Convert.ToInt64(value)),
                double or float => tensor(Convert.ToDouble(value)),
                bool b => tensor(b),
                _ => null,
            };
            if (converted is not null) result[name] = converted;
        }
        return result;
    }
}
