using Datadings.Randomness;
using Datadings.Tests.Support;

namespace Datadings.Tests.Randomness;

public class ShuffleOrderTests
{
    public static TheoryData<string> ShufflerCases => AlgorithmVectors.Cases("shuffler");

    [Theory]
    [MemberData(nameof(ShufflerCases))]
    public void ShufflerOrders(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        int n = v.Int("n");
        long seed = v.Int("seed");

        Assert.Equal(v.IntKeys("epoch0_keys"), ShuffleOrder.Shuffler(n, seed));
        if (v.TryGetProperty("epoch1_keys", out _))
        {
            Assert.Equal(seed + n, v.Int("epoch1_seed"));
            Assert.Equal(v.IntKeys("epoch1_keys"), ShuffleOrder.Shuffler(n, seed, epoch: 1));
        }
    }

    [Fact]
    public void ShufflerExamplesFromTheFormat()
    {
        Assert.Equal([5, 2, 7, 1, 8, 4, 3, 6, 0, 9], ShuffleOrder.Shuffler(10, ShuffleOrder.DefaultShufflerSeed(10)));
        Assert.Equal([0, 1, 3, 2, 4], ShuffleOrder.Shuffler(5, ShuffleOrder.DefaultShufflerSeed(5)));
    }

    public static TheoryData<string> QuasiCases => AlgorithmVectors.Cases("quasi_shuffler");

    [Theory]
    [MemberData(nameof(QuasiCases))]
    public void QuasiShufflerOrders(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        var kwargs = v.GetProperty("kwargs");
        int n = v.Int("n");
        double bufSize = kwargs.TryGetProperty("buf_size", out var b) ? b.GetDouble() : 0.01; // reference default
        int chunkSize = kwargs.TryGetProperty("chunk_size", out var c) ? c.GetInt32() : 16;

        int bufferSize = ShuffleOrder.QuasiBufferSize(n, bufSize, chunkSize);
        Assert.Equal(v.Int("buf_size_effective"), bufferSize);

        long seed = kwargs.TryGetProperty("seed", out var s) ? s.GetInt64() : ShuffleOrder.DefaultQuasiSeed(n, bufferSize, chunkSize);
        Assert.Equal(v.Int("seed_effective"), seed);

        Assert.Equal(v.IntKeys("epoch0_keys"), ShuffleOrder.QuasiShuffler(n, bufferSize, chunkSize, seed));
        Assert.Equal(v.IntKeys("epoch1_keys"), ShuffleOrder.QuasiShuffler(n, bufferSize, chunkSize, seed, epoch: 1));
    }

    [Fact]
    public void FractionalBufferSizeIsHonouredUnlikeTheReference()
    {
        // The reference turns every fractional buf_size into ceil(n·0.01): for n = 1000 that is 16 (the
        // vector's buf_size_effective), whatever fraction was asked for. 0.01 reproduces it; 0.5 is honoured.
        var reference = AlgorithmVectors.Section("quasi_shuffler").First(v => v.Int("n") == 1000);
        Assert.Equal(reference.Int("buf_size_effective"), ShuffleOrder.QuasiBufferSize(1000, 0.01, 16));
        Assert.Equal(512, ShuffleOrder.QuasiBufferSize(1000, 0.5, 16));
        Assert.Equal(80, ShuffleOrder.QuasiBufferSize(1000, 0.07, 16));
    }

    [Fact]
    public void QuasiShufflerVisitsEverySampleOnce()
    {
        int[] order = ShuffleOrder.QuasiShuffler(1003, 48, 16, seed: 5);
        Assert.Equal(Enumerable.Range(0, 1003), order.Order());
    }

    [Fact]
    public void BufferLargerThanTheDatasetEmitsTheShuffledChunksInOrder()
    {
        // All chunks land in the buffer, nothing is drawn from it: the output is the chunk order expanded.
        int[] order = ShuffleOrder.QuasiShuffler(10, 64, 4, seed: 3);
        int[] chunkOrder = ShuffleOrder.Shuffler(3, 3);
        Assert.Equal(chunkOrder.SelectMany(c => Enumerable.Range(4 * c, Math.Min(4, 10 - 4 * c))), order);
    }

    [Fact]
    public void EmptyDatasetGivesEmptyOrders()
    {
        Assert.Empty(ShuffleOrder.Shuffler(0, 0));
        Assert.Equal(0, ShuffleOrder.QuasiBufferSize(0, 0.01, 16));
        Assert.Empty(ShuffleOrder.QuasiShuffler(0, 0, 16, seed: 0));
    }

    [Fact]
    public void ArgumentErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.Shuffler(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiBufferSize(-1, 0.01, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiBufferSize(10, 0.01, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiBufferSize(10, -0.5, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiBufferSize(10, -3, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiBufferSize(10, double.NaN, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiShuffler(-1, 16, 16, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiShuffler(10, 16, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiShuffler(10, -16, 16, 0));
        var tooSmall = Assert.Throws<ArgumentOutOfRangeException>(() => ShuffleOrder.QuasiShuffler(10, 8, 16, 0));
        Assert.Contains("at least one chunk", tooSmall.Message);
    }
}
