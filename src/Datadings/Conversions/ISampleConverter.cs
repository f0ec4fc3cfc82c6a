namespace Datadings.Conversions;

/// <summary>
/// Turns a conversion's sources into samples. The built-in converters implement it, and so does a custom
/// converter in a user's class library, which the SDK finds by type name (see docs/conversions.md).
/// </summary>
/// <remarks>
/// Samples are written in the order yielded, so yield them in a deterministic order. Yield them lazily (one at a
/// time, or through <see cref="OrderedParallel"/>): the whole dataset never needs to be in memory. Throw a
/// <see cref="ConversionException"/> for bad input, naming the source and the entry or line; any other exception
/// is reported as a failure of the converter itself. An implementation needs a public parameterless constructor.
/// </remarks>
public interface ISampleConverter
{
    IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken);
}
