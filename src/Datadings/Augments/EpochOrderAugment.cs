using Datadings.Reading;

namespace Datadings.Augments;

/// <summary>An augment whose every pass (epoch) visits all samples once, in an order that depends on the epoch.</summary>
public abstract class EpochOrderAugment(ISampleReader reader) : Augment(reader)
{
    private int[]? _order;
    private long _orderEpoch = -1;

    /// <summary>The current epoch (pass number, from 0).</summary>
    public long Epoch { get; private set; }

    /// <summary>The position inside the current epoch.</summary>
    public int PositionInEpoch { get; private set; }

    /// <summary>The order of reader indices for <paramref name="epoch"/>.</summary>
    public abstract int[] OrderOf(long epoch);

    public override void Seek(long position)
    {
        CheckPosition(position);
        long n = Count; // one epoch; a partition of the reader (DistributedShuffler) has fewer than Reader.Count
        // The reference keeps the full position inside the epoch; reducing it modulo n is what a seek means.
        (Epoch, PositionInEpoch) = n == 0 ? (0, 0) : (position / n, (int)(position % n));
    }

    public override IEnumerable<int> Indices()
    {
        var order = CurrentOrder();
        while (PositionInEpoch < order.Length)
        {
            int index = order[PositionInEpoch];
            PositionInEpoch++;
            yield return index;
        }
        PositionInEpoch = 0;
        Epoch++;
    }

    private int[] CurrentOrder()
    {
        if (_orderEpoch != Epoch)
        {
            _order = OrderOf(Epoch);
            _orderEpoch = Epoch;
        }
        return _order!;
    }
}
