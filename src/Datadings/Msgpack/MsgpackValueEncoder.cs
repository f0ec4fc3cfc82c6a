using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace Datadings.Msgpack;

/// <summary>
/// Writes sample values the way the Python reference packs the decoded equivalents, so decode → encode is
/// byte-exact. Unsupported values raise <see cref="ArgumentException"/> naming the type and where it was found.
/// </summary>
internal ref struct MsgpackValueEncoder
{
    /// <summary>
    /// Containers a value may sit in, like msgpack-python's Packer (nest_limit 511): a container at depth 511 may
    /// exist but must be empty. Numpy values count as the maps they are written as.
    /// </summary>
    public const int MaxDepth = 511;

    private static readonly ConcurrentDictionary<Type, PairAccessor?> s_pairAccessors = new();

    private readonly MsgpackWriter _writer;
    private int _depth;

    public MsgpackValueEncoder(IBufferWriter<byte> output)
    {
        _writer = new MsgpackWriter(output);
        _depth = 0;
    }

    /// <summary>Writes <paramref name="value"/>; <paramref name="root"/> names it in error messages ("sample", "value").</summary>
    public void WriteRoot(object? value, string root)
    {
        try
        {
            Write(value);
        }
        catch (UnencodableValueException e)
        {
            throw e.ToArgumentException(root);
        }
    }

    public void WriteSampleRoot(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        try
        {
            if (fields is Sample { NonStringFields.Count: > 0 } sample)
                WriteSampleWithOtherNames(sample, sample.NonStringFields);
            else
                WriteStringKeyedMap(fields);
        }
        catch (UnencodableValueException e)
        {
            throw e.ToArgumentException("sample");
        }
    }

    /// <summary>One map: the string-named fields, then the others (see <see cref="Sample.NonStringFields"/>).</summary>
    private void WriteSampleWithOtherNames(Sample sample, MsgpackMap others)
    {
        Enter(sample.Count + others.Count);
        _writer.WriteMapHeader(sample.Count + others.Count);
        foreach (var (key, value) in sample)
            WriteEntry(key, value);
        foreach (var (key, value) in others)
        {
            if (key is string)
                throw new UnencodableValueException(typeof(string), $"is a field name in NonStringFields; string names belong in the sample itself");
            WriteEntry(key, value);
        }
        _depth--;
    }

    private void Write(object? value)
    {
        switch (value)
        {
            case null: _writer.WriteNil(); return;
            case string s: WriteString(s); return;
            case long l: _writer.WriteInt64(l); return;
            case int i: _writer.WriteInt64(i); return;
            case bool b: _writer.WriteBoolean(b); return;
            case double d: _writer.WriteDouble(d); return;
            case byte[] bytes: _writer.WriteBinary(bytes); return;
            case ReadOnlyMemory<byte> rom: _writer.WriteBinary(rom.Span); return;
            case Memory<byte> mem: _writer.WriteBinary(mem.Span); return;
            case ArraySegment<byte> segment: _writer.WriteBinary(segment); return;
            case float f: _writer.WriteSingle(f); return;
            case ulong ul: _writer.WriteUInt64(ul); return;
            case uint ui: _writer.WriteUInt64(ui); return;
            case ushort us: _writer.WriteUInt64(us); return;
            case byte u8: _writer.WriteUInt64(u8); return;
            case short sh: _writer.WriteInt64(sh); return;
            case sbyte i8: _writer.WriteInt64(i8); return;
            case nint ni: _writer.WriteInt64(ni); return;
            case nuint nu: _writer.WriteUInt64(nu); return;
            case BigInteger big: WriteBigInteger(big); return;
            case MsgpackNil: _writer.WriteNil(); return;
            case NdArray array: WriteNdArray(array); return;
            case NpScalar scalar: WriteNpScalar(scalar); return;
            case PyComplex complex: WriteComplex(complex); return;
            case MsgpackTimestamp timestamp: _writer.WriteTimestamp(timestamp); return;
            case MsgpackExtension extension: _writer.WriteExtension(extension.Type, extension.Data.Span); return;
            case OrderedDictionary<string, object?> stringMap: WriteStringKeyedMap(stringMap); return;
            case OrderedDictionary<object, object?> objectMap: WriteObjectKeyedMap(objectMap); return;
            case IDictionary dictionary: WriteDictionary(dictionary); return;
            case IEnumerable<KeyValuePair<string, object?>> pairs: WriteStringKeyedMap(pairs); return;
            case IList list: WriteList(list); return;
            case IEnumerable enumerable: WriteEnumerable(enumerable); return;
            default: throw new UnencodableValueException(value.GetType(), "is not a supported sample value type");
        }
    }

    private void WriteString(string value)
    {
        try
        {
            _writer.WriteString(value);
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw new UnencodableValueException(typeof(string), "contains a lone surrogate, which has no UTF-8 encoding");
        }
    }

    private void WriteBigInteger(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
            _writer.WriteInt64((long)value);
        else if (value > long.MaxValue && value <= ulong.MaxValue)
            _writer.WriteUInt64((ulong)value);
        else
            throw new UnencodableValueException(typeof(BigInteger), $"value {value} is outside msgpack's integer range [-2^63, 2^64-1]");
    }

    private void WriteNdArray(NdArray array)
    {
        // The map, and the shape tuple inside it.
        Enter(5);
        Enter(array.Shape.Length);
        _depth -= 2;
        _writer.WriteMapHeader(5);
        _writer.WriteBinary(NumpyKeys.Nd);
        _writer.WriteBoolean(true);
        _writer.WriteBinary(NumpyKeys.Type);
        Write(array.Type);
        _writer.WriteBinary(NumpyKeys.Kind);
        _writer.WriteBinary(array.Kind);
        _writer.WriteBinary(NumpyKeys.Shape);
        _writer.WriteArrayHeader(array.Shape.Length);
        foreach (long dim in array.Shape)
            _writer.WriteInt64(dim);
        _writer.WriteBinary(NumpyKeys.Data);
        _writer.WriteBinary(array.Data.Span);
    }

    private void WriteNpScalar(NpScalar scalar)
    {
        // numpy.float64 is a Python float, so msgpack packs it natively (never through msgpack-numpy's hook).
        if (scalar.IsFloat64)
        {
            _writer.WriteDouble((double)scalar.ToValue());
            return;
        }
        EnterAndLeave(3);
        _writer.WriteMapHeader(3);
        _writer.WriteBinary(NumpyKeys.Nd);
        _writer.WriteBoolean(false);
        _writer.WriteBinary(NumpyKeys.Type);
        Write(scalar.Type);
        _writer.WriteBinary(NumpyKeys.Data);
        _writer.WriteBinary(scalar.Data.Span);
    }

    private void WriteComplex(PyComplex complex)
    {
        EnterAndLeave(2);
        _writer.WriteMapHeader(2);
        _writer.WriteBinary(NumpyKeys.Complex);
        _writer.WriteBoolean(true);
        _writer.WriteBinary(NumpyKeys.Data);
        _writer.WriteString(complex.Repr);
    }

    private void WriteStringKeyedMap(OrderedDictionary<string, object?> map)
    {
        Enter(map.Count);
        _writer.WriteMapHeader(map.Count);
        foreach (var (key, value) in map)
            WriteEntry(key, value);
        _depth--;
    }

    private void WriteObjectKeyedMap(OrderedDictionary<object, object?> map)
    {
        Enter(map.Count);
        _writer.WriteMapHeader(map.Count);
        foreach (var (key, value) in map)
            WriteEntry(key, value);
        _depth--;
    }

    private void WriteStringKeyedMap(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        if (pairs is OrderedDictionary<string, object?> ordered)
        {
            WriteStringKeyedMap(ordered);
            return;
        }
        // The header needs the count up front; buffer the pairs when the source cannot say.
        var collection = pairs as IReadOnlyCollection<KeyValuePair<string, object?>>
            ?? new List<KeyValuePair<string, object?>>(pairs);
        Enter(collection.Count);
        _writer.WriteMapHeader(collection.Count);
        foreach (var (key, value) in collection)
            WriteEntry(key, value);
        _depth--;
    }

    private void WriteDictionary(IDictionary dictionary)
    {
        Enter(dictionary.Count);
        _writer.WriteMapHeader(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
            WriteEntry(entry.Key, entry.Value);
        _depth--;
    }

    private void WriteList(IList list)
    {
        Enter(list.Count);
        _writer.WriteArrayHeader(list.Count);
        for (int i = 0; i < list.Count; i++)
            WriteItem(i, list[i]);
        _depth--;
    }

    private void WriteEnumerable(IEnumerable enumerable)
    {
        // Any IEnumerable<KeyValuePair<K, V>> (e.g. an IReadOnlyDictionary that is not an IDictionary) is a map.
        if (PairAccessor.For(enumerable.GetType()) is { } accessor)
        {
            var entries = new List<(object? Key, object? Value)>();
            foreach (object? pair in enumerable)
                entries.Add(accessor.Read(pair!));
            Enter(entries.Count);
            _writer.WriteMapHeader(entries.Count);
            foreach (var (key, value) in entries)
                WriteEntry(key, value);
            _depth--;
            return;
        }
        var items = new List<object?>();
        foreach (object? item in enumerable)
            items.Add(item);
        WriteList(items);
    }

    private void WriteEntry(object? key, object? value)
    {
        try
        {
            Write(key);
        }
        catch (UnencodableValueException e)
        {
            e.Prepend($"[key {FormatKey(key)}]");
            throw;
        }
        try
        {
            Write(value);
        }
        catch (UnencodableValueException e)
        {
            e.Prepend($"[{FormatKey(key)}]");
            throw;
        }
    }

    private void WriteItem(int index, object? item)
    {
        try
        {
            Write(item);
        }
        catch (UnencodableValueException e)
        {
            e.Prepend($"[{index}]");
            throw;
        }
    }

    /// <summary>Counts a container with <paramref name="count"/> entries; its entries would sit too deep past the limit.</summary>
    private void Enter(int count)
    {
        if (++_depth > MaxDepth && count > 0)
            throw new UnencodableValueException(null, $"nests deeper than {MaxDepth} levels, the most msgpack-python writes (does a collection contain itself?)");
    }

    private void EnterAndLeave(int count)
    {
        Enter(count);
        _depth--;
    }

    private static string FormatKey(object? key) => key switch
    {
        string s => $"\"{s}\"",
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.GetType().Name,
    };

    /// <summary>Reads Key and Value of a boxed KeyValuePair&lt;K, V&gt; whose types are only known at run time.</summary>
    private sealed class PairAccessor(PropertyInfo key, PropertyInfo value)
    {
        public (object? Key, object? Value) Read(object pair) => (key.GetValue(pair), value.GetValue(pair));

        // Native AOT (the datadings tool): the CLI encodes only samples of our own types, which never get here; for a
        // pair type whose metadata was trimmed away the properties are missing and the value is reported unencodable.
        [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Fallback for pair types known only at run time; a missing property is handled.")]
        [UnconditionalSuppressMessage("Trimming", "IL2065", Justification = "Fallback for pair types known only at run time; a missing property is handled.")]
        public static PairAccessor? For(Type enumerableType) => s_pairAccessors.GetOrAdd(enumerableType, static type =>
        {
            foreach (var candidate in type.GetInterfaces())
            {
                if (!candidate.IsGenericType || candidate.GetGenericTypeDefinition() != typeof(IEnumerable<>))
                    continue;
                var element = candidate.GetGenericArguments()[0];
                if (element.IsGenericType && element.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                    && element.GetProperty("Key") is { } key && element.GetProperty("Value") is { } value)
                    return new PairAccessor(key, value);
            }
            return null;
        });
    }
}

/// <summary>Carries an encoding failure up through the containers, collecting the path to the bad value.</summary>
internal sealed class UnencodableValueException(Type? type, string problem) : Exception(problem)
{
    private readonly List<string> _reversedPath = [];

    public void Prepend(string segment) => _reversedPath.Add(segment);

    public ArgumentException ToArgumentException(string root)
    {
        var path = new System.Text.StringBuilder(root);
        for (int i = _reversedPath.Count - 1; i >= 0; i--)
            path.Append(_reversedPath[i]);
        string what = type is null ? "The value" : $"A value of type {type.FullName}";
        return new ArgumentException($"{what} at {path} {Message}.", "value");
    }
}
