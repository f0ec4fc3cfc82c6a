using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>The reader's samples in order, cycled forever: one pass never ends (unless the reader is empty).</summary>
public sealed class Cycler(ISampleReader reader) : Augment(reader)
{
    private long _position;

    public override void Seek(long position)
    {
        CheckPosition(position);
        _position = position;
    }

    public override IEnumerable<int> Indices()
    {
        int n = Reader.Count;
        if (n == 0) yield break;
        while (true)
        {
            int index = (int)(_position % n);
            _position++;
            yield return index;
        }
    }
}
