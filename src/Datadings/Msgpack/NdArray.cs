using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Datadings.Msgpack;

/// <summary>
/// A numpy array as msgpack-numpy stores it (FORMAT.md §2.3): dtype, shape and the raw element bytes in C order,
/// in the dtype's own byte order. Decoding and re-encoding keeps every byte.
/// </summary>
public sealed class NdArray : IEquatable<NdArray>
{
    private readonly NumpyDtype _dtype;

    internal NdArray(object type, byte[] kind, long[] shape, ReadOnlyMemory<byte> data)
    {
        Type = type;
        Kind = kind;
        Shape = shape;
        Data = data;
        _dtype = NumpyDtype.Parse(type);
    }

    /// <summary>
    /// The stored <c>b'type'</c> value: a dtype string such as <c>"&lt;f4"</c>, <c>"|u1"</c>, <c>"&gt;i4"</c>,
    /// <c>"&lt;U2"</c>; for structured dtypes the descr list as decoded.
    /// </summary>
    public object Type { get; }

    /// <summary>The dtype string, or null for structured/object dtypes.</summary>
    public string? Dtype => Type as string;

    /// <summary>The stored <c>b'kind'</c>: empty for ordinary dtypes, "V" structured, "O" object (pickled data).</summary>
    public byte[] Kind { get; }

    public long[] Shape { get; }

    /// <summary>Element bytes in C order. After a zero-copy decode this is a slice of the input buffer.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Bytes per element, or 0 when the dtype is not a simple dtype string.</summary>
    public int ElementSize => _dtype.IsKnown ? _dtype.ItemSize : 0;

    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Count => ElementCount(Shape) ?? throw new InvalidOperationException("The shape's element count overflows.");

    /// <summary>True when the data is little-endian (or byte order does not apply).</summary>
    public bool IsLittleEndian => _dtype.IsLittleEndian;

    /// <summary>True when the data can be reinterpreted as CLR values on this machine without swapping bytes.</summary>
    public bool IsNativeEndian => _dtype.IsNativeEndian;

    /// <summary>
    /// The elements as a new array of <typeparamref name="T"/>, converted to native byte order. Supported:
    /// u1/i1/b1/u2/i2/u4/i4/u8/i8 as the matching integer/bool type, f2→Half, f4→float, f8→double,
    /// c8/c16→Complex.
    /// </summary>
    public T[] ToArray<T>() where T : unmanaged => ElementConversion.ToArray<T>(_dtype, Dtype, Data.Span);

    /// <summary>The elements reinterpreted in place; only when the dtype is exactly <typeparamref name="T"/> in native byte order.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        if (!_dtype.IsKnown || !_dtype.Matches(typeof(T)))
            throw new InvalidOperationException($"dtype {Describe(Type)} is not {typeof(T).Name}; use ToArray<{typeof(T).Name}>() to convert.");
        if (!_dtype.IsNativeEndian)
            throw new InvalidOperationException($"dtype {Describe(Type)} is not in this machine's byte order; use ToArray<{typeof(T).Name}>(), which swaps the bytes.");
        return MemoryMarshal.Cast<byte, T>(Data.Span);
    }

    /// <summary>A 1-D array of <paramref name="data"/> (copied), with numpy's little-endian dtype string for <typeparamref name="T"/>.</summary>
    public static NdArray From<T>(T[] data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return From(data, [data.LongLength]);
    }

    /// <summary>An array of <paramref name="data"/> (copied) with the given shape (an empty shape is a 0-d array).</summary>
    public static NdArray From<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        string dtype = NumpyDtype.StringFor(typeof(T))
            ?? throw new ArgumentException($"{typeof(T).Name} has no numpy dtype; use FromBytes with a dtype string.", nameof(data));
        byte[] bytes = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
            ElementConversion.SwapInPlace(bytes, NumpyDtype.Parse(dtype).SwapUnit);
        return FromBytes(dtype, (long[])shape.Clone(), bytes);
    }

    /// <summary>An array over <paramref name="data"/> as given (not copied); its length must match shape × element size.</summary>
    public static NdArray FromBytes(string dtype, long[] shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        if (Validate(dtype, shape, data.Length) is { } problem)
            throw new ArgumentException(problem);
        return new NdArray(dtype, [], shape, data);
    }

    /// <summary>Why these parts cannot form an array, or null when they can.</summary>
    internal static string? Validate(object type, long[] shape, int dataLength)
    {
        foreach (long dim in shape)
        {
            if (dim < 0)
                return $"ndarray shape [{string.Join(", ", shape)}] has a negative dimension";
        }
        if (ElementCount(shape) is not { } count)
            return $"ndarray shape [{string.Join(", ", shape)}] has too many elements";
        var dtype = NumpyDtype.Parse(type);
        if (dtype.IsKnown && (Int128)count * dtype.ItemSize != dataLength)
            return $"ndarray data has {dataLength} bytes but shape [{string.Join(", ", shape)}] of dtype {Describe(type)} needs {(Int128)count * dtype.ItemSize}";
        return null;
    }

    private static long? ElementCount(long[] shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim == 0)
                return 0;
        }
        foreach (long dim in shape)
        {
            if (dim < 0 || (dim != 0 && count > long.MaxValue / dim))
                return null;
            count *= dim;
        }
        return count;
    }

    internal static string Describe(object? type) => type is string s ? $"'{s}'" : "(structured)";

    public bool Equals(NdArray? other) =>
        other is not null
        && TypeEquals(Type, other.Type)
        && Kind.AsSpan().SequenceEqual(other.Kind)
        && Shape.AsSpan().SequenceEqual(other.Shape)
        && Data.Span.SequenceEqual(other.Data.Span);

    public override bool Equals(object? obj) => Equals(obj as NdArray);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type as string);
        foreach (long dim in Shape)
            hash.Add(dim);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"ndarray(dtype={Describe(Type)}, shape=({string.Join(", ", Shape)}{(Shape.Length == 1 ? "," : "")}))";

    /// <summary>Structured dtypes are stored as nested lists, so compare those element by element.</summary>
    internal static bool TypeEquals(object? a, object? b)
    {
        if (a is System.Collections.IList la && b is System.Collections.IList lb)
        {
            if (la.Count != lb.Count)
                return false;
            for (int i = 0; i < la.Count; i++)
            {
                if (!TypeEquals(la[i], lb[i]))
                    return false;
            }
            return true;
        }
        if (a is byte[] ba && b is byte[] bb)
            return ba.AsSpan().SequenceEqual(bb);
        return Equals(a, b);
    }
}

/// <summary>Turns numpy element bytes into CLR values, swapping byte order when the data is not native.</summary>
internal static class ElementConversion
{
    public static T[] ToArray<T>(NumpyDtype dtype, string? dtypeText, ReadOnlySpan<byte> data) where T : unmanaged
    {
        if (typeof(T) == typeof(Complex) && dtype.Kind == 'c' && dtype.ItemSize == 8)
            return (T[])(object)Complex64ToComplex(dtype, data);
        if (!dtype.IsKnown || !dtype.Matches(typeof(T)))
            throw new InvalidOperationException($"dtype {NdArray.Describe(dtypeText)} cannot be read as {typeof(T).Name}.");
        if (typeof(T) == typeof(bool))
        {
            // numpy treats any non-zero byte as True; a CLR bool must hold exactly 0 or 1.
            var bools = new bool[data.Length];
            for (int i = 0; i < data.Length; i++)
                bools[i] = data[i] != 0;
            return (T[])(object)bools;
        }
        if (dtype.IsNativeEndian)
            return MemoryMarshal.Cast<byte, T>(data).ToArray();
        byte[] copy = data.ToArray();
        SwapInPlace(copy, dtype.SwapUnit);
        return MemoryMarshal.Cast<byte, T>(copy).ToArray();
    }

    private static Complex[] Complex64ToComplex(NumpyDtype dtype, ReadOnlySpan<byte> data)
    {
        bool little = dtype.IsLittleEndian;
        var result = new Complex[data.Length / 8];
        for (int i = 0; i < result.Length; i++)
        {
            var element = data.Slice(i * 8, 8);
            float re = little ? BinaryPrimitives.ReadSingleLittleEndian(element) : BinaryPrimitives.ReadSingleBigEndian(element);
            float im = little ? BinaryPrimitives.ReadSingleLittleEndian(element[4..]) : BinaryPrimitives.ReadSingleBigEndian(element[4..]);
            result[i] = new Complex(re, im);
        }
        return result;
    }

    public static void SwapInPlace(Span<byte> bytes, int unit)
    {
        if (unit <= 1)
            return;
        for (int i = 0; i + unit <= bytes.Length; i += unit)
            bytes.Slice(i, unit).Reverse();
    }
}
