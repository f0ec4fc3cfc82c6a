using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Reading;

public class DatasetReaderTests
{
    public static TheoryData<string> Vectors() => new(SharedVectors.DatasetNames());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Count_keys_and_raw_bytes_match_the_vector_description(string name)
    {
        var json = VectorJson.Load(name);
        var offsets = json.Offsets;
        var data = File.ReadAllBytes(SharedVectors.Dataset(name));
        using var reader = new DatasetReader(SharedVectors.Dataset(name));

        Assert.Equal(json.Keys.Length, reader.Count);
        Assert.Equal(json.Keys, reader.Keys);
        for (int i = 0; i < reader.Count; i++)
        {
            Assert.Equal(json.Keys[i], reader.GetKey(i));
            Assert.True(data.AsSpan((int)offsets[i], (int)(offsets[i + 1] - offsets[i])).SequenceEqual(reader.GetRaw(i).Span));
            Assert.Equal(json.Keys[i], reader.Get(i).Key);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_key_is_found_and_contained(string name)
    {
        using var reader = new DatasetReader(SharedVectors.Dataset(name));
        for (int i = 0; i < reader.Count; i++)
        {
            var key = reader.GetKey(i);
            Assert.True(reader.Contains(key));
            Assert.Equal(i, reader.FindIndex(key));
        }
        Assert.False(reader.Contains("no such key"));
        Assert.False(reader.TryFindIndex("no such key", out int missing));
        Assert.Equal(-1, missing);
        Assert.Throws<KeyNotFoundException>(() => reader.FindIndex("no such key"));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reference_datasets_verify(string name)
    {
        using var reader = new DatasetReader(SharedVectors.Dataset(name));
        reader.Verify();
        Assert.All(reader.CheckMd5(), c => Assert.True(c.Ok));
        Assert.Equal(5, reader.CheckMd5().Count);
    }

    [Fact]
    public void Negative_indices_count_from_the_end_and_out_of_range_is_a_clear_error()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("two"));
        Assert.Equal("b", reader[-1].Key);
        Assert.Equal("a", reader[-2].Key);
        Assert.Equal("b", reader.GetKey(-1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => reader[2]);
        Assert.Contains("out of range for a dataset of 2 samples", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader[-3]);
    }

    [Fact]
    public void Decoded_values_are_the_described_ones()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("two"));
        var a = reader.Get("a");
        Assert.Equal(new byte[] { 0, 1 }, Assert.IsType<byte[]>(a["x"]));
        Assert.Equal(1.5, a["y"]);
        Assert.Equal(-2L, reader[1]["y"]);
    }

    [Fact]
    public void Zero_copy_reading_returns_slices_of_the_data_file()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("two"), new DatasetReaderOptions { ZeroCopy = true });
        var x = Assert.IsType<ReadOnlyMemory<byte>>(reader[0]["x"]);
        Assert.Equal(new byte[] { 0, 1 }, x.ToArray());
    }

    [Theory]
    [InlineData(0, null, 1000, "0", "999")]
    [InlineData(10, 13, 3, "10", "12")]
    [InlineData(-3, null, 3, "997", "999")]
    [InlineData(998, 5000, 2, "998", "999")]
    [InlineData(5, 5, 0, null, null)]
    [InlineData(7, 3, 0, null, null)]
    public void Ranges_stop_exactly_where_asked(int start, int? stop, int count, string? first, string? last)
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        var keys = reader.Read(start, stop).Select(s => s.Key).ToList();
        Assert.Equal(count, keys.Count);
        Assert.Equal(first, keys.FirstOrDefault());
        Assert.Equal(last, keys.LastOrDefault());
        Assert.Equal(count, reader.ReadRaw(start, stop).Count());
    }

    [Fact]
    public void An_empty_dataset_iterates_to_nothing()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("empty"));
        Assert.Empty(reader);
        Assert.Empty(reader.Read());
        Assert.False(reader.Contains("a"));
    }

    [Fact]
    public void A_legacy_dataset_reads_through_its_index()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("legacy"));
        Assert.True(reader.IsLegacy);
        Assert.Equal(["a", "b", "c"], reader.Keys);
        Assert.Equal(["a", "b", "c"], reader.Select(s => s.Key));
        Assert.Equal(2, reader.FindIndex("c"));
        Assert.True(reader.Contains("b"));
        Assert.False(reader.Contains("d"));
        reader.Verify();
    }

    [Fact]
    public void The_dataset_can_be_named_by_any_of_its_files()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("two") + ".keys");
        Assert.Equal(SharedVectors.Dataset("two"), reader.Paths.Data);
        Assert.Equal(2, reader.Count);
    }

    [Fact]
    public void Concurrent_readers_see_the_same_samples()
    {
        using var reader = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        var expected = Enumerable.Range(0, reader.Count).Select(i => reader.GetRaw(i).ToArray()).ToArray();
        using var fresh = new DatasetReader(SharedVectors.Dataset("mixed1000"));
        Parallel.For(0, 4, worker =>
        {
            for (int i = worker; i < fresh.Count; i += 4)
            {
                Assert.Equal(expected[i], fresh.GetRaw(i).ToArray());
                Assert.Equal(i, fresh.FindIndex(fresh.GetKey(i)));
            }
        });
    }
}
