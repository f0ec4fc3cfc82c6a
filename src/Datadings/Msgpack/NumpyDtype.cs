namespace Datadings.Msgpack;

/// <summary>
/// What we need to know about a numpy dtype string such as <c>"&lt;f4"</c>, <c>"|u1"</c>, <c>"&lt;U2"</c>:
/// its kind letter, element size in bytes and byte order. Unparseable or structured dtypes are "unknown".
/// </summary>
internal readonly record struct NumpyDtype(char ByteOrder, char Kind, int ItemSize)
{
    public bool IsKnown => ItemSize > 0 || (ItemSize == 0 && Kind is 'S' or 'U' or 'V' or 'a');

    /// <summary>Little-endian data: '&lt;', single-byte/byte-order-free '|', or '=' on a little-endian machine.</summary>
    public bool IsLittleEndian => ByteOrder == '<' || ByteOrder == '|' || ItemSize <= 1 || (ByteOrder == '=' && BitConverter.IsLittleEndian);

    public bool IsNativeEndian => ItemSize <= 1 || ByteOrder == '|' || ByteOrder == '=' || (ByteOrder == '<') == BitConverter.IsLittleEndian;

    public static readonly NumpyDtype Unknown = new('\0', '\0', -1);

    public static NumpyDtype Parse(object? type)
    {
        if (type is not string s || s.Length < 2)
            return Unknown;
        int i = 0;
        char order = '=';
        if (s[0] is '<' or '>' or '|' or '=')
        {
            order = s[0];
            i = 1;
        }
        if (i >= s.Length || !char.IsAsciiLetter(s[i]))
            return Unknown;
        char kind = s[i++];
        int digitsStart = i;
        long size = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && size <= int.MaxValue)
            size = size * 10 + (s[i++] - '0');
        if (i == digitsStart || size > int.MaxValue / 4)
            return Unknown;
        // Datetime units ("<M8[ns]") do not change the size; anything else trailing is not a simple dtype.
        if (i < s.Length && !(kind is 'M' or 'm' && s[i] == '['))
            return Unknown;
        return kind switch
        {
            'b' or 'i' or 'u' or 'f' or 'c' or 'M' or 'm' or 'S' or 'a' or 'V' => new NumpyDtype(order, kind, (int)size),
            'U' => new NumpyDtype(order, kind, (int)size * 4),
            _ => Unknown,
        };
    }

    /// <summary>numpy's dtype string for a CLR element type, as numpy writes it on a little-endian machine.</summary>
    public static string? StringFor(Type type) =>
        type == typeof(byte) ? "|u1" :
        type == typeof(sbyte) ? "|i1" :
        type == typeof(bool) ? "|b1" :
        type == typeof(ushort) ? "<u2" :
        type == typeof(short) ? "<i2" :
        type == typeof(uint) ? "<u4" :
        type == typeof(int) ? "<i4" :
        type == typeof(ulong) ? "<u8" :
        type == typeof(long) ? "<i8" :
        type == typeof(Half) ? "<f2" :
        type == typeof(float) ? "<f4" :
        type == typeof(double) ? "<f8" :
        type == typeof(System.Numerics.Complex) ? "<c16" :
        null;

    /// <summary>True when elements of this dtype have the same bits as CLR <paramref name="type"/> (ignoring byte order).</summary>
    public bool Matches(Type type) => StringFor(type) is { } s && s[1] == Kind && int.Parse(s.AsSpan(2)) == ItemSize;

    /// <summary>Size of the units whose byte order must be swapped (a complex swaps its two halves separately).</summary>
    public int SwapUnit => Kind == 'c' ? ItemSize / 2 : Kind == 'U' ? 4 : ItemSize;
}
