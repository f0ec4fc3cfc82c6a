using Datadings.Conversions;

namespace Datadings.Tests.Conversions;

public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Results_come_in_input_order_whatever_the_timing(int degree)
    {
        var results = OrderedParallel.Select(Enumerable.Range(0, 500), i =>
        {
            Thread.SpinWait((500 - i) % 7 * 1000);
            return i * 2;
        }, degree).ToList();

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * 2), results);
    }

    [Fact]
    public void Never_reads_more_than_the_window_ahead()
    {
        int read = 0, maxAhead = 0, yielded = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < 1000; i++)
            {
                read++;
                maxAhead = Math.Max(maxAhead, read - yielded);
                yield return i;
            }
        }

        foreach (var _ in OrderedParallel.Select(Source(), i => i, degree: 3, window: 8))
            yielded++;

        Assert.Equal(1000, yielded);
        Assert.True(maxAhead <= 9, $"read {maxAhead} items ahead of the consumer");
    }

    [Fact]
    public void Runs_at_most_degree_maps_at_once_and_more_than_one()
    {
        int running = 0, peak = 0;
        OrderedParallel.Select(Enumerable.Range(0, 200), i =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Thread.Sleep(1);
            Interlocked.Decrement(ref running);
            return i;
        }, degree: 2).ToList();

        Assert.InRange(peak, 1, 2);
    }

    [Fact]
    public void A_failing_item_rethrows_its_own_exception_and_stops()
    {
        var started = 0;
        var e = Assert.Throws<InvalidOperationException>(() => OrderedParallel.Select(Enumerable.Range(0, 10_000), i =>
        {
            Interlocked.Increment(ref started);
            return i == 50 ? throw new InvalidOperationException("item 50") : i;
        }, degree: 4).ToList());

        Assert.Equal("item 50", e.Message);
        Assert.True(started < 200, $"{started} items were mapped after the failure");
    }

    [Fact]
    public void Cancellation_stops_the_enumeration()
    {
        using var cancel = new CancellationTokenSource();
        var results = OrderedParallel.Select(Enumerable.Range(0, 10_000), i => i, degree: 2, cancellationToken: cancel.Token);
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var r in results)
                if (r == 100) cancel.Cancel();
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
