using Datadings.Augments;
using Datadings.Reading;

namespace Datadings.Tests.Augments;

public class DistributedShufflerTests
{
    private static ListReader NumberedSamples(int n) => new(Enumerable.Range(0, n).Select(i => new Sample(i.ToString())));

    private static int[][] OneEpochPerRank(ISampleReader reader, int worldSize, long seed, RemainderHandling remainder = RemainderHandling.Pad, long epoch = 0) =>
        Enumerable.Range(0, worldSize).Select(rank =>
        {
            var shuffler = new DistributedShuffler(reader, rank, worldSize, seed, remainder: remainder);
            shuffler.Seek(epoch * shuffler.Count);
            return shuffler.Indices().ToArray();
        }).ToArray();

    [Theory]
    [InlineData(12, 3)]
    [InlineData(12, 1)]
    [InlineData(1000, 8)]
    public void Workers_get_disjoint_slices_that_cover_the_dataset_when_the_count_divides(int n, int worldSize)
    {
        var slices = OneEpochPerRank(NumberedSamples(n), worldSize, seed: 7);

        Assert.All(slices, s => Assert.Equal(n / worldSize, s.Length));
        var all = slices.SelectMany(s => s).ToArray();
        Assert.Equal(n, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, n), all.Order());
    }

    [Fact]
    public void Padding_repeats_the_start_of_the_epoch_order_so_every_worker_has_the_same_count()
    {
        var reader = NumberedSamples(10);
        var slices = OneEpochPerRank(reader, worldSize: 4, seed: 3);

        Assert.All(slices, s => Assert.Equal(3, s.Length));          // ⌈10 / 4⌉
        var all = slices.SelectMany(s => s).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), all.Distinct().Order()); // covering
        // The two extra places hold the first two indices of the global order (PyTorch: indices += indices[:padding]).
        var global = new Shuffler(reader, seed: 3).OrderOf(0);
        Assert.Equal(global[0], slices[2][2]);                         // position 10 = rank 2, step 2
        Assert.Equal(global[1], slices[3][2]);                         // position 11 = rank 3, step 2
    }

    [Fact]
    public void Padding_wraps_around_more_than_once_when_there_are_more_workers_than_samples()
    {
        var slices = OneEpochPerRank(NumberedSamples(3), worldSize: 8, seed: 1);

        Assert.All(slices, s => Assert.Single(s));
        Assert.Equal([0, 1, 2], slices.SelectMany(s => s).Distinct().Order());
    }

    [Fact]
    public void Dropping_leaves_out_the_remainder_and_keeps_slices_disjoint()
    {
        var slices = OneEpochPerRank(NumberedSamples(10), worldSize: 4, seed: 3, RemainderHandling.Drop);

        Assert.All(slices, s => Assert.Equal(2, s.Length));            // ⌊10 / 4⌋
        var all = slices.SelectMany(s => s).ToArray();
        Assert.Equal(8, all.Distinct().Count());
        var global = new Shuffler(NumberedSamples(10), seed: 3).OrderOf(0);
        Assert.Equal(global[..8].Order(), all.Order());                // the last two of the order are dropped
    }

    [Fact]
    public void The_same_seed_gives_the_same_slices_and_another_seed_other_slices()
    {
        var reader = NumberedSamples(100);
        Assert.Equal(OneEpochPerRank(reader, 4, seed: 5), OneEpochPerRank(reader, 4, seed: 5));
        Assert.NotEqual(OneEpochPerRank(reader, 4, seed: 5), OneEpochPerRank(reader, 4, seed: 6));
    }

    [Fact]
    public void Each_epoch_has_a_new_order_and_iterating_moves_to_the_next_epoch()
    {
        var reader = NumberedSamples(100);
        var shuffler = new DistributedShuffler(reader, rank: 1, worldSize: 4, seed: 9);
        var epoch0 = shuffler.Indices().ToArray();
        var epoch1 = shuffler.Indices().ToArray();

        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(OneEpochPerRank(reader, 4, seed: 9, epoch: 1)[1], epoch1);
        // Every epoch is still a partition of the whole dataset.
        Assert.Equal(Enumerable.Range(0, 100), OneEpochPerRank(reader, 4, seed: 9, epoch: 1).SelectMany(s => s).Order());
    }

    [Fact]
    public void Without_shuffling_a_worker_takes_every_world_size_th_sample_from_its_rank()
    {
        var shuffler = new DistributedShuffler(NumberedSamples(10), rank: 1, worldSize: 3, shuffle: false);
        Assert.Equal(["1", "4", "7", "0"], shuffler.Samples().Select(s => s.Key)); // padded with index 0
    }

    [Fact]
    public void An_empty_dataset_yields_nothing()
    {
        Assert.Empty(new DistributedShuffler(NumberedSamples(0), rank: 0, worldSize: 2).Indices());
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(2, 2)]
    [InlineData(0, 0)]
    public void A_rank_outside_the_world_or_an_empty_world_is_refused(int rank, int worldSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedShuffler(NumberedSamples(4), rank, worldSize));
    }
}
