namespace Datadings.Msgpack;

/// <summary>The bin keys msgpack-numpy uses for arrays, scalars and complex numbers (FORMAT.md §2.3).</summary>
internal static class NumpyKeys
{
    public static readonly byte[] Nd = "nd"u8.ToArray();
    public static readonly byte[] Type = "type"u8.ToArray();
    public static readonly byte[] Kind = "kind"u8.ToArray();
    public static readonly byte[] Shape = "shape"u8.ToArray();
    public static readonly byte[] Data = "data"u8.ToArray();
    public static readonly byte[] Complex = "complex"u8.ToArray();

    /// <summary>True for a bin key that makes msgpack-numpy look at a map (b'nd' or b'complex').</summary>
    public static bool IsTrigger(ReadOnlySpan<byte> key) => key.SequenceEqual(Nd) || key.SequenceEqual(Complex);
}
