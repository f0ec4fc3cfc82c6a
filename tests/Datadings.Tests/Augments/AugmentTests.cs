using System.Text.Json;
using Datadings.Augments;
using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Augments;

public class AugmentTests
{
    private static JsonElement Vectors(string name) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedVectors.AlgorithmVectorsJson)).RootElement.GetProperty(name);

    private static ListReader NumberedSamples(int n) => new(Enumerable.Range(0, n).Select(i => new Sample(i.ToString())));

    private static string[] Keys(JsonElement e) => e.EnumerateArray().Select(k => k.GetString()!).ToArray();

    private static string[] KeysOfOnePass(Augment augment) => augment.Samples().Select(s => s.Key).ToArray();

    [Fact]
    public void Shuffler_yields_the_reference_order_for_each_epoch()
    {
        foreach (var v in Vectors("shuffler").EnumerateArray())
        {
            int n = v.GetProperty("n").GetInt32();
            long seed = v.GetProperty("seed").GetInt64();
            var shuffler = seed == n ? new Shuffler(NumberedSamples(n)) : new Shuffler(NumberedSamples(n), seed);
            Assert.Equal(Keys(v.GetProperty("epoch0_keys")), KeysOfOnePass(shuffler));
            if (v.TryGetProperty("epoch1_keys", out var epoch1))
                Assert.Equal(Keys(epoch1), KeysOfOnePass(shuffler));
        }
    }

    [Fact]
    public void QuasiShuffler_yields_the_reference_order_for_each_epoch()
    {
        foreach (var v in Vectors("quasi_shuffler").EnumerateArray())
        {
            int n = v.GetProperty("n").GetInt32();
            var kwargs = v.GetProperty("kwargs");
            double buf = kwargs.TryGetProperty("buf_size", out var b) ? b.GetDouble() : 0.01;
            int chunk = kwargs.TryGetProperty("chunk_size", out var c) ? c.GetInt32() : 16;
            long? seed = kwargs.TryGetProperty("seed", out var s) ? s.GetInt64() : null;
            var quasi = new QuasiShuffler(NumberedSamples(n), buf, chunk, seed);
            Assert.Equal(v.GetProperty("buf_size_effective").GetInt32(), quasi.BufferSize);
            Assert.Equal(v.GetProperty("seed_effective").GetInt64(), quasi.Seed);
            Assert.Equal(Keys(v.GetProperty("epoch0_keys")), KeysOfOnePass(quasi));
            Assert.Equal(Keys(v.GetProperty("epoch1_keys")), KeysOfOnePass(quasi));
        }
    }

    [Fact]
    public void Seeking_resumes_inside_the_right_epoch()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        var shuffler = new Shuffler(reader);
        var epoch0 = shuffler.Indices().ToArray();
        var epoch1 = shuffler.Indices().ToArray();
        shuffler.Seek(1000 + 990);
        Assert.Equal(epoch1[990..], shuffler.Indices().ToArray());
        shuffler.Seek(3);
        Assert.Equal(epoch0[3..], shuffler.Indices().ToArray());
        Assert.Equal(epoch1, shuffler.Indices().ToArray());
    }

    [Fact]
    public void A_pass_can_be_interrupted_and_resumed()
    {
        var quasi = new QuasiShuffler(NumberedSamples(100), chunkSize: 4);
        var full = new QuasiShuffler(NumberedSamples(100), chunkSize: 4).Indices().ToArray();
        var firstPart = quasi.Indices().Take(30).ToArray();
        Assert.Equal(full[..30], firstPart);
        Assert.Equal(full[30..], quasi.Indices().ToArray());
    }

    [Fact]
    public void Shuffling_mixed1000_and_writing_raw_reproduces_the_reference_shuffle_command()
    {
        using var dir = new TempDir();
        var output = dir.File("mixed1000-shuffled.msgpack");
        using (var reader = new DatasetReader(SharedVectors.Dataset("mixed1000")))
        using (var writer = new DatasetWriter(output))
        {
            foreach (int i in new Shuffler(reader).Indices()) writer.WriteRaw(reader.GetKey(i), reader.GetRawSpan(i));
            writer.Complete();
        }
        DatasetAssert.SameFiles(Path.Combine(SharedVectors.Datadings, "commands", "shuffle", "mixed1000-shuffled.msgpack"), output);
    }

    [Fact]
    public void Range_takes_python_range_bounds()
    {
        using var reader = NumberedSamples(10);
        Assert.Equal(["3", "4", "5"], KeysOfOnePass(new SampleRange(reader, 3, 6)));
        Assert.Equal(["8", "9"], KeysOfOnePass(new SampleRange(reader, -2)));
        Assert.Equal(["7", "8", "9"], KeysOfOnePass(new SampleRange(reader, 7, 100)));
        Assert.Equal(3, new SampleRange(reader, 3, 6).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleRange(reader, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleRange(reader, -11));
    }

    [Fact]
    public void Repeater_repeats_in_order_and_cycler_never_ends()
    {
        using var reader = NumberedSamples(3);
        var repeater = new Repeater(reader, 2);
        Assert.Equal(6, repeater.Count);
        Assert.Equal(["0", "1", "2", "0", "1", "2"], KeysOfOnePass(repeater));
        repeater.Seek(4);
        Assert.Equal(["1", "2"], KeysOfOnePass(repeater));

        var cycler = new Cycler(reader);
        Assert.Equal(["0", "1", "2", "0", "1", "2", "0"], cycler.Samples().Take(7).Select(s => s.Key));
        cycler.Seek(5);
        Assert.Equal(["2", "0"], cycler.Samples().Take(2).Select(s => s.Key));
        Assert.Empty(new Cycler(NumberedSamples(0)).Samples());
    }

    [Fact]
    public void Augments_of_an_empty_reader_yield_nothing()
    {
        using var empty = NumberedSamples(0);
        Assert.Empty(new Shuffler(empty));
        Assert.Empty(new QuasiShuffler(empty));
        Assert.Empty(new Repeater(empty, 3));
    }

    [Fact]
    public void Negative_positions_are_rejected()
    {
        var shuffler = new Shuffler(NumberedSamples(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => shuffler.Seek(-1));
    }
}
