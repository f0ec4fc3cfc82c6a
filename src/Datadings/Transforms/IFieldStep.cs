namespace Datadings.Transforms;

/// <summary>
/// A custom step of a <c>DatasetTransform</c> (docs/transforms.md), in a user's class library: computes fields of a
/// sample from other fields. Written in a statement by its type name, with options like any step:
/// <code>
/// area, ratio = width, height | MyLib.BoxStats scale=2
/// label_onehot = label | MyLib.OneHot,MyLib classes=10
/// </code>
/// The SDK finds the type in the project's referenced class libraries (as custom converters), creates it with its
/// public parameterless constructor in an isolated load context, and calls <see cref="Configure"/> once before the
/// first sample. Results are cached per sample like every computed field: keyed by the SHA-256 of the library's
/// assembly, the step's text and the input fields' bytes. So <see cref="Apply"/> must be a pure function of its
/// inputs and options (no clock, no unseeded randomness, no files), or the cache returns stale values.
/// </summary>
public interface IFieldStep
{
    /// <summary>
    /// Reads the step's options; called once, before the first sample. Throw <see cref="ArgumentException"/> for
    /// an option it does not accept: the build reports it as DD5002 with your message.
    /// </summary>
    void Configure(FieldStepOptions options);

    /// <summary>
    /// Computes the target fields of one sample. Called from several threads at once, so keep no mutable state.
    /// </summary>
    /// <param name="inputs">The values of the statement's source fields, in order, as stored (msgpack types:
    /// <c>long</c>, <c>double</c>, <c>string</c>, <c>bool</c>, <c>byte[]</c>, <see cref="Msgpack.NdArray"/>, lists,
    /// maps, or null); for a step after another step, that step's result.</param>
    /// <returns>One value per target field, in order, of the same types. Any exception fails the build with DD5005
    /// naming the dataset, sample key, field and step.</returns>
    IReadOnlyList<object?> Apply(IReadOnlyList<object?> inputs);
}

/// <summary>How a custom step was written in its statement.</summary>
/// <param name="Sources">The statement's source fields (what <see cref="IFieldStep.Apply"/> receives, in order).</param>
/// <param name="Targets">The statement's target fields (what it returns, in order).</param>
/// <param name="Positional">The step's words without <c>=</c>.</param>
/// <param name="Named">The step's <c>key=value</c> options.</param>
public sealed record FieldStepOptions(IReadOnlyList<string> Sources, IReadOnlyList<string> Targets,
    IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Named);
