namespace Datadings.TorchSharp;

/// <summary>
/// A sample could not be turned into tensors: names the dataset, the sample key and the field (when a field
/// transform failed), e.g. <c>dataset 'train': sample 'img_7', field 'image': it is not an image (…)</c>.
/// </summary>
public sealed class SampleTransformException(string dataset, string key, string? field, string reason, Exception? inner = null)
    : Exception($"dataset '{dataset}': sample '{key}'{(field is null ? "" : $", field '{field}'")}: {reason}", inner)
{
    public string Dataset { get; } = dataset;
    public string Key { get; } = key;
    public string? Field { get; } = field;
}

/// <summary>Thrown by a field transform; the loader adds the dataset and sample key.</summary>
public sealed class FieldTransformException(string field, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Field { get; } = field;
}
