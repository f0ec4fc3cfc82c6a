using System.Buffers;

namespace Datadings;

/// <summary>
/// A decoded sample whose byte values (bin fields, ndarray and extension data) are
/// <see cref="ReadOnlyMemory{T}"/> views of arrays rented from <see cref="ArrayPool{T}.Shared"/> instead of new
/// arrays. Reading large samples this way reuses the same memory sample after sample (no fresh large-object-heap
/// array, no page faults, no garbage collections), which is what makes it fast.
/// </summary>
/// <remarks>
/// Lifetime rule: the byte values are valid until <see cref="Dispose"/>, which returns the arrays to the pool for
/// the next sample and empties this sample. Copy what must outlive it (<c>ToArray()</c>). Obtain one with
/// <c>reader.GetPooled(index)</c> in a <c>using</c>; the default <c>reader.Get(index)</c> gives arrays the sample owns.
/// </remarks>
public sealed class PooledSample : Sample, IDisposable
{
    private readonly List<byte[]> _rented = [];

    internal PooledSample() { }

    /// <summary>Copies <paramref name="bytes"/> into a rented array owned by this sample.</summary>
    internal ReadOnlyMemory<byte> Rent(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return ReadOnlyMemory<byte>.Empty;
        byte[] array = ArrayPool<byte>.Shared.Rent(bytes.Length);
        _rented.Add(array);
        bytes.CopyTo(array);
        return new ReadOnlyMemory<byte>(array, 0, bytes.Length);
    }

    /// <summary>Returns the byte values' arrays to the pool and removes every field.</summary>
    public void Dispose()
    {
        Clear();
        NonStringFields = null;
        foreach (byte[] array in _rented)
            ArrayPool<byte>.Shared.Return(array);
        _rented.Clear();
    }
}
