namespace Datadings.Msgpack;

/// <summary>
/// msgpack-numpy's decode hook: turns a map with the bin key b'nd' into an <see cref="NdArray"/> (nd is True) or
/// <see cref="NpScalar"/>, and one with b'complex' into a <see cref="PyComplex"/>. Like the Python hook, a map
/// missing a required key stays a map; present but unusable values are format errors.
/// </summary>
internal static class NumpyDecoding
{
    public static object Convert(MsgpackMap map, int offset)
    {
        if (map.TryGetValue(NumpyKeys.Nd, out var nd))
            return nd is true ? ToArray(map, offset) : ToScalar(map, offset);
        if (map.TryGetValue(NumpyKeys.Complex, out _))
            return ToComplex(map, offset);
        return map;
    }

    private static object ToArray(MsgpackMap map, int offset)
    {
        if (!map.TryGetValue(NumpyKeys.Type, out var type) || !map.TryGetValue(NumpyKeys.Shape, out var shapeValue)
            || !map.TryGetValue(NumpyKeys.Data, out var dataValue))
            return map;
        byte[] kind = [];
        if (map.TryGetValue(NumpyKeys.Kind, out var kindValue))
            kind = AsBytes(kindValue) is { } k ? k.ToArray() : throw Error("ndarray b'kind' must be bin", offset);
        if (type is null)
            throw Error("ndarray b'type' must not be nil", offset);
        long[] shape = ToShape(shapeValue, offset);
        var data = AsBytes(dataValue) ?? throw Error($"ndarray b'data' must be bin, found {Describe(dataValue)}", offset);
        // Object arrays hold pickled data, whose length has nothing to do with the shape.
        bool pickled = kind.AsSpan().SequenceEqual("O"u8);
        if (!pickled && NdArray.Validate(type, shape, data.Length) is { } problem)
            throw Error(problem, offset);
        return new NdArray(type, kind, shape, data);
    }

    private static object ToScalar(MsgpackMap map, int offset)
    {
        if (!map.TryGetValue(NumpyKeys.Type, out var type) || !map.TryGetValue(NumpyKeys.Data, out var dataValue))
            return map;
        if (type is null)
            throw Error("numpy scalar b'type' must not be nil", offset);
        var data = AsBytes(dataValue) ?? throw Error($"numpy scalar b'data' must be bin, found {Describe(dataValue)}", offset);
        var dtype = NumpyDtype.Parse(type);
        if (dtype.IsKnown && dtype.ItemSize > 0)
        {
            // numpy reads element 0 of frombuffer(data), which needs a whole number of at least one element.
            if (data.Length < dtype.ItemSize || data.Length % dtype.ItemSize != 0)
                throw Error($"numpy scalar of dtype {NdArray.Describe(type)} needs {dtype.ItemSize} bytes, found {data.Length}", offset);
            data = data[..dtype.ItemSize];
        }
        return new NpScalar(type, data);
    }

    private static object ToComplex(MsgpackMap map, int offset)
    {
        if (!map.TryGetValue(NumpyKeys.Data, out var dataValue))
            return map;
        string? repr = dataValue as string;
        if (repr is null && AsBytes(dataValue) is { } bytes)
            repr = MsgpackReader.DecodeUtf8(bytes.Span, offset);
        if (repr is null)
            throw Error($"complex b'data' must be str, found {Describe(dataValue)}", offset);
        if (!PyComplex.TryParse(repr, out _))
            throw Error($"complex b'data' '{repr}' is not a Python complex literal", offset);
        return new PyComplex(repr);
    }

    private static long[] ToShape(object? value, int offset)
    {
        switch (value)
        {
            case long single:
                return single >= 0 ? [single] : throw Error($"ndarray shape {single} is negative", offset);
            case List<object?> items:
                var shape = new long[items.Count];
                for (int i = 0; i < shape.Length; i++)
                {
                    shape[i] = items[i] is long dim && dim >= 0
                        ? dim
                        : throw Error($"ndarray shape entries must be non-negative ints, found {Describe(items[i])}", offset);
                }
                return shape;
            default:
                throw Error($"ndarray b'shape' must be an array of ints, found {Describe(value)}", offset);
        }
    }

    private static ReadOnlyMemory<byte>? AsBytes(object? value)
    {
        // Spelled out: in a switch expression `null` would convert via byte[] to an empty ReadOnlyMemory.
        if (value is byte[] array)
            return new ReadOnlyMemory<byte>(array);
        if (value is ReadOnlyMemory<byte> memory)
            return memory;
        return null;
    }

    private static string Describe(object? value) => value is null ? "nil" : value.GetType().Name;

    private static DatadingsFormatException Error(string problem, int offset) => MsgpackReader.Error(problem, offset);
}
