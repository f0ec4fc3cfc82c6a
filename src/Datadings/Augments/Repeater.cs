using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>The reader's samples in order, <see cref="Times"/> times over.</summary>
public sealed class Repeater : Augment
{
    private long _position;

    public Repeater(ISampleReader reader, int times) : base(reader)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        Times = times;
    }

    public int Times { get; }

    /// <summary>All repetitions: n × times (the reference reports n).</summary>
    public override long Count => (long)Reader.Count * Times;

    public override void Seek(long position)
    {
        CheckPosition(position);
        _position = Count == 0 ? 0 : position % Count;
    }

    public override IEnumerable<int> Indices()
    {
        while (_position < Count)
        {
            int index = (int)(_position % Reader.Count);
            _position++;
            yield return index;
        }
        _position = 0;
    }
}
