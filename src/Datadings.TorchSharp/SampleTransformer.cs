using Datadings.Augments;
using Datadings.Reading;

namespace Datadings.TorchSharp;

/// <summary>Reads one sample and transforms it, turning failures into errors that name dataset, key and field.</summary>
internal static class SampleTransformer
{
    public static Sample Apply(ISampleReader reader, int index, SampleAugmentation? transform, long seed, long epoch, string dataset)
    {
        var sample = reader.Get(index);
        if (transform is null) return sample;
        try
        {
            return transform(sample, new SampleRandom(seed, epoch, index));
        }
        catch (FieldTransformException e)
        {
            throw new SampleTransformException(dataset, sample.Key, e.Field, e.Message, e.InnerException ?? e);
        }
        catch (Exception e) when (e is not SampleTransformException)
        {
            throw new SampleTransformException(dataset, sample.Key, null, e.Message, e);
        }
    }
}

/// <summary>The name errors give a dataset: its data file's name without extension, else the reader's type.</summary>
internal static class DatasetNames
{
    public static string Of(ISampleReader reader) =>
        reader is DatasetReader dataset ? Path.GetFileNameWithoutExtension(dataset.Paths.Data) : reader.GetType().Name;
}
