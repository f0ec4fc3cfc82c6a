using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Reading;

public class ShardedAndListReaderTests
{
    private static void WriteShard(string path, ISampleReader source, int start, int stop)
    {
        using var writer = new DatasetWriter(path);
        for (int i = start; i < stop; i++) writer.WriteRaw(source.GetKey(i), source.GetRaw(i).Span);
        writer.Complete();
    }

    [Fact]
    public void Shards_read_as_one_index_space_in_path_order()
    {
        using var dir = new TempDir();
        using var whole = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        WriteShard(dir.File("part-00.msgpack"), whole, 0, 300);
        WriteShard(dir.File("part-01.msgpack"), whole, 300, 300); // an empty shard in the middle
        WriteShard(dir.File("part-02.msgpack"), whole, 300, 1000);

        using var sharded = new ShardedReader(dir.File("part-*.msgpack"));
        Assert.Equal(3, sharded.Shards.Count);
        Assert.Equal(1000, sharded.Count);
        for (int i = 0; i < 1000; i += 37)
        {
            Assert.Equal(whole.GetKey(i), sharded.GetKey(i));
            Assert.True(whole.GetRaw(i).Span.SequenceEqual(sharded.GetRaw(i).Span));
        }
        Assert.Equal(whole.GetKey(300), sharded[300].Key);
        Assert.Equal(whole.GetKey(-1), sharded[-1].Key);
        Assert.Equal(777, sharded.FindIndex("777"));
        Assert.True(sharded.Contains("12"));
        Assert.False(sharded.Contains("1000"));
        Assert.Equal(whole.Keys, sharded.Select(s => s.Key));
    }

    [Fact]
    public void Concurrent_workers_share_one_sharded_reader_each_through_its_own_distributed_shuffler()
    {
        using var dir = new TempDir();
        using var whole = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        WriteShard(dir.File("part-00.msgpack"), whole, 0, 400);
        WriteShard(dir.File("part-01.msgpack"), whole, 400, 1000);
        using var shared = new ShardedReader(dir.File("part-*.msgpack"));
        const int workers = 4;

        var seen = new string[workers][];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, rank =>
        {
            var mine = new Datadings.Augments.DistributedShuffler(shared, rank, workers, seed: 11);
            var keys = new List<string>();
            foreach (var sample in mine)
            {
                Assert.Equal(whole.Get(sample.Key).Count, sample.Count); // decoded fully, no torn reads
                keys.Add(sample.Key);
            }
            seen[rank] = [.. keys];
        });

        Assert.Equal(1000, seen.SelectMany(k => k).Distinct().Count());
        Assert.All(seen, keys => Assert.Equal(250, keys.Length));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_a_clear_error()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => new ShardedReader(dir.File("none-*.msgpack")));
        Assert.Contains("none-*.msgpack", e.Message);
    }

    [Fact]
    public void List_reader_packs_samples_like_the_writer()
    {
        using var file = new DatasetReader(SharedVectors.Dataset("two"));
        using var list = new ListReader(file.ToList());
        Assert.Equal(2, list.Count);
        for (int i = 0; i < 2; i++) Assert.True(file.GetRaw(i).Span.SequenceEqual(list.GetRaw(i).Span));
        Assert.Equal(1, list.FindIndex("b"));
        Assert.False(list.Contains("c"));
    }

    [Fact]
    public void List_reader_rejects_duplicate_keys()
    {
        var e = Assert.Throws<ArgumentException>(() => new ListReader([new Sample("a"), new Sample("a")]));
        Assert.Contains("\"a\"", e.Message);
    }
}
