namespace Datadings;

/// <summary>
/// One sample of a dataset: an ordered map from field name to value, in the order the fields were
/// written. The <c>"key"</c> field (a string, unique in its dataset) identifies the sample.
/// </summary>
/// <remarks>
/// Values are <c>null</c>, <see cref="bool"/>, <see cref="long"/> (or <see cref="ulong"/> above
/// <see cref="long.MaxValue"/>), <see cref="double"/> (<see cref="float"/> for msgpack float32),
/// <see cref="string"/>, <c>byte[]</c> (or <see cref="ReadOnlyMemory{T}"/> of bytes when decoded zero-copy),
/// <see cref="List{T}"/> of values, <see cref="Msgpack.MsgpackMap"/> for nested maps,
/// and the numpy values <see cref="Msgpack.NdArray"/>, <see cref="Msgpack.NpScalar"/> and <see cref="Msgpack.PyComplex"/>.
/// When writing, any integer type, any <c>IList</c>/<c>IDictionary</c> and byte spans are accepted too.
/// Field names that are not strings (Python's FileWriter accepts <c>{'key': 'a', 1: 'x'}</c>) are kept apart in
/// <see cref="NonStringFields"/>.
/// </remarks>
public class Sample : OrderedDictionary<string, object?>
{
    public const string KeyField = "key";

    public Sample() { }

    public Sample(string key) => this[KeyField] = key;

    public Sample(IEnumerable<KeyValuePair<string, object?>> fields) : base(fields) { }

    /// <summary>
    /// Fields whose names are not msgpack str (int → <see cref="long"/>, bytes → <c>byte[]</c>, None →
    /// <see cref="Msgpack.MsgpackNil.Value"/>, …, as in <see cref="Msgpack.MsgpackMap"/>), in file order; null when
    /// there are none. They are written after the string-named fields, so a sample whose non-string names came
    /// first in the file re-encodes in a different order (read it with <c>GetValue</c> or <c>GetRaw</c> to keep it).
    /// </summary>
    public Msgpack.MsgpackMap? NonStringFields { get; set; }

    /// <summary>The sample's key, or a clear error when the sample has none.</summary>
    public string Key
    {
        get => TryGetValue(KeyField, out var k) && k is string s
            ? s
            : throw new InvalidOperationException("The sample has no string \"key\" field.");
        set => this[KeyField] = value;
    }
}
