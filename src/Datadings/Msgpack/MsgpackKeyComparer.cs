using System.Numerics;

namespace Datadings.Msgpack;

/// <summary>
/// Key equality as Python dicts see decoded msgpack keys: bytes compare by content, and integers compare by
/// value whatever CLR type holds them (so <c>1</c>, <c>1L</c> and <c>1UL</c> are the same key).
/// </summary>
public sealed class MsgpackKeyComparer : IEqualityComparer<object>
{
    public static readonly MsgpackKeyComparer Instance = new();

    private MsgpackKeyComparer() { }

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null)
            return false;
        if (x is byte[] bx)
            return y is byte[] by && bx.AsSpan().SequenceEqual(by);
        if (TryGetInteger(x, out var ix))
            return TryGetInteger(y, out var iy) && ix == iy;
        return x.Equals(y);
    }

    public int GetHashCode(object obj)
    {
        if (obj is byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
        if (TryGetInteger(obj, out var i))
            return i.GetHashCode();
        return obj.GetHashCode();
    }

    // Int128 holds every CLR integer type exactly, so equal values compare equal across types.
    private static bool TryGetInteger(object value, out Int128 result)
    {
        switch (value)
        {
            case long v: result = v; return true;
            case int v: result = v; return true;
            case ulong v: result = v; return true;
            case uint v: result = v; return true;
            case short v: result = v; return true;
            case ushort v: result = v; return true;
            case byte v: result = v; return true;
            case sbyte v: result = v; return true;
            case BigInteger v when v >= long.MinValue && v <= ulong.MaxValue: result = (Int128)v; return true;
            default: result = default; return false;
        }
    }
}
