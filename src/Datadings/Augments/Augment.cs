using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>
/// Wraps a reader and changes the order in which its samples are iterated (the reference's augments).
/// An augment remembers its position: iterating yields one pass from the current position, and the next
/// iteration continues with the next pass (the next epoch, for the shufflers).
/// </summary>
/// <remarks>Not thread-safe: give each worker its own augment (they are cheap) over a shared reader.</remarks>
public abstract class Augment(ISampleReader reader) : IEnumerable<Sample>
{
    public ISampleReader Reader { get; } = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>The number of samples in one pass.</summary>
    public virtual long Count => Reader.Count;

    /// <summary>Moves to <paramref name="position"/>, counted over consecutive passes (position Count is the start of the second pass).</summary>
    public abstract void Seek(long position);

    /// <summary>The reader indices of the rest of the current pass; consuming them advances the position.</summary>
    public abstract IEnumerable<int> Indices();

    public IEnumerable<Sample> Samples()
    {
        foreach (int i in Indices()) yield return Reader.Get(i);
    }

    public IEnumerable<ReadOnlyMemory<byte>> RawSamples()
    {
        foreach (int i in Indices()) yield return Reader.GetRaw(i);
    }

    public IEnumerator<Sample> GetEnumerator() => Samples().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    protected static void CheckPosition(long position)
    {
        if (position < 0) throw new ArgumentOutOfRangeException(nameof(position), position, "A position cannot be negative.");
    }
}
