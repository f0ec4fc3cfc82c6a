using System.Numerics;

namespace Datadings.Msgpack;

/// <summary>
/// A numpy scalar (msgpack-numpy map with <c>b'nd': False</c>): dtype plus the raw bytes of one element.
/// numpy <c>float64</c> scalars are Python floats, so msgpack writes them as plain float64 values: a float64
/// NpScalar (e.g. <c>NpScalar.From(0.1)</c>) is written that way too and reads back as a <see cref="double"/>.
/// </summary>
public sealed class NpScalar : IEquatable<NpScalar>
{
    private readonly NumpyDtype _dtype;

    /// <summary>A scalar of a dtype string such as <c>"&lt;i8"</c> with its element bytes (exactly one element).</summary>
    public NpScalar(string dtype, ReadOnlyMemory<byte> data) : this((object)dtype, data)
    {
        if (_dtype.IsKnown && data.Length != _dtype.ItemSize)
            throw new ArgumentException($"A {dtype} scalar has {_dtype.ItemSize} bytes, not {data.Length}.", nameof(data));
    }

    internal NpScalar(object type, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Data = data;
        _dtype = NumpyDtype.Parse(type);
    }

    /// <summary>The stored <c>b'type'</c> value, normally a dtype string.</summary>
    public object Type { get; }

    public string? Dtype => Type as string;

    /// <summary>Whether the dtype is a float64 (any byte order), which is written as a plain msgpack float64.</summary>
    public bool IsFloat64 => _dtype.Kind == 'f' && _dtype.ItemSize == 8;

    /// <summary>The element's bytes in the dtype's byte order.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>
    /// The value as a CLR type: bool, byte, sbyte, (u)short, (u)int, (u)long, Half, float, double or Complex.
    /// Other dtypes (strings, datetimes, structured) throw; use <see cref="Data"/>.
    /// </summary>
    public object ToValue()
    {
        if (!_dtype.IsKnown)
            throw new InvalidOperationException($"numpy scalar of dtype {NdArray.Describe(Type)} has no CLR equivalent; use Data.");
        var d = Data.Span;
        return (_dtype.Kind, _dtype.ItemSize) switch
        {
            ('b', 1) => d[0] != 0,
            ('u', 1) => d[0],
            ('i', 1) => (sbyte)d[0],
            ('u', 2) => One<ushort>(),
            ('i', 2) => One<short>(),
            ('u', 4) => One<uint>(),
            ('i', 4) => One<int>(),
            ('u', 8) => One<ulong>(),
            ('i', 8) => One<long>(),
            ('f', 2) => One<Half>(),
            ('f', 4) => One<float>(),
            ('f', 8) => One<double>(),
            ('c', 8) or ('c', 16) => One<Complex>(),
            _ => throw new InvalidOperationException($"numpy scalar of dtype {NdArray.Describe(Type)} has no CLR equivalent; use Data."),
        };
    }

    /// <summary>
    /// A numpy scalar of <paramref name="value"/> with numpy's little-endian dtype string for <typeparamref name="T"/>.
    /// Like numpy, a <see cref="double"/> packs as a plain float64 (see <see cref="IsFloat64"/>).
    /// </summary>
    public static NpScalar From<T>(T value) where T : unmanaged
    {
        var array = NdArray.From([value], []);
        return new NpScalar(array.Dtype!, array.Data);
    }

    private T One<T>() where T : unmanaged => ElementConversion.ToArray<T>(_dtype, Dtype, Data.Span)[0];

    public bool Equals(NpScalar? other) =>
        other is not null && NdArray.TypeEquals(Type, other.Type) && Data.Span.SequenceEqual(other.Data.Span);

    public override bool Equals(object? obj) => Equals(obj as NpScalar);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type as string);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"npscalar(dtype={NdArray.Describe(Type)}, {Convert.ToHexString(Data.Span)})";
}
