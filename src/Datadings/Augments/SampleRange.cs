using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>
/// The samples <c>[start, stop)</c> of a reader: the reference's Range augment (renamed so it does not clash with
/// <see cref="System.Range"/>). Bounds work as in Python's <c>range</c>; negative ones count from the end.
/// </summary>
public sealed class SampleRange : Augment
{
    private long _position;

    public SampleRange(ISampleReader reader, int start = 0, int? stop = null) : base(reader)
    {
        int n = reader.Count;
        int resolved = start < 0 ? start + n : start;
        if (resolved < 0 || resolved >= n)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Start {start} is out of range for a dataset of {n} samples.");
        (Start, Stop) = SampleReaderExtensions.Bounds(n, resolved, stop);
    }

    public int Start { get; }

    public int Stop { get; }

    public override long Count => Stop - Start;

    public override void Seek(long position)
    {
        CheckPosition(position);
        _position = position % Math.Max(1, Count);
    }

    public override IEnumerable<int> Indices()
    {
        while (_position < Count)
        {
            int index = Start + (int)_position;
            _position++;
            yield return index;
        }
        _position = 0;
    }
}
