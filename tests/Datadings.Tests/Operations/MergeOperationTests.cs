using Datadings.Operations;
using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Operations;

public class MergeOperationTests
{
    private static string Half(int i) => CommandVectors.Output("split1", "mixed1000-half" + i);

    [Fact]
    public void Concat_reproduces_the_reference_merge_byte_for_byte()
    {
        using var dir = new TempDir();
        string output = dir.File("concat.msgpack");
        MergeOperation.Run([SharedVectors.Dataset("two"), SharedVectors.Dataset("mixed1000")], output, new MergeOptions { Strategy = MergeStrategy.Concat });
        DatasetAssert.SameFiles(CommandVectors.Output("merge", "concat"), output);
    }

    [Fact]
    public void Random_with_seed_0_reproduces_the_reference_merge_of_the_two_halves_byte_for_byte()
    {
        // random_seed0 holds keys 500, 501, 0, 1, 502 … : Python's random.seed(0) then merge_random(half0, half1).
        using var dir = new TempDir();
        string output = dir.File("random_seed0.msgpack");
        MergeOperation.Run([Half(0), Half(1)], output, new MergeOptions { Strategy = MergeStrategy.Random, Seed = 0 });
        DatasetAssert.SameFiles(CommandVectors.Output("merge", "random_seed0"), output);
    }

    [Fact]
    public void Random_is_reproducible_and_keeps_each_inputs_order()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 30, "a");
        string b = CommandVectors.Generated(dir, "b", 70, "b");
        MergeOperation.Run([a, b], dir.File("m1.msgpack"), new MergeOptions { Seed = 3 });
        MergeOperation.Run([a, b], dir.File("m2.msgpack"), new MergeOptions { Seed = 3 });
        MergeOperation.Run([a, b], dir.File("m3.msgpack"), new MergeOptions { Seed = 4 });
        Assert.Equal(File.ReadAllBytes(dir.File("m1.msgpack")), File.ReadAllBytes(dir.File("m2.msgpack")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("m1.msgpack")), File.ReadAllBytes(dir.File("m3.msgpack")));

        using var merged = new DatasetReader(dir.File("m1.msgpack"));
        Assert.Equal(100, merged.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => "a" + i), merged.Keys.Where(k => k[0] == 'a'));
        Assert.Equal(Enumerable.Range(0, 70).Select(i => "b" + i), merged.Keys.Where(k => k[0] == 'b'));
        merged.Verify();
    }

    [Fact]
    public void Concat_with_shuffle_shuffles_each_input_with_its_own_length_as_seed()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 5, "a");
        string b = CommandVectors.Generated(dir, "b", 10, "b");
        MergeOperation.Run([a, b], dir.File("m.msgpack"), new MergeOptions { Strategy = MergeStrategy.Concat, ShuffleInputs = true });
        using var merged = new DatasetReader(dir.File("m.msgpack"));
        var expected = ShuffleOrder.Shuffler(5, 5).Select(i => "a" + i).Concat(ShuffleOrder.Shuffler(10, 10).Select(i => "b" + i));
        Assert.Equal(expected, merged.Keys);
    }

    [Fact]
    public void Empty_inputs_are_merged_without_error()
    {
        using var dir = new TempDir();
        string empty = CommandVectors.Generated(dir, "empty", 0);
        string b = CommandVectors.Generated(dir, "b", 3, "b");
        MergeOperation.Run([empty, b], dir.File("m.msgpack"));
        MergeOperation.Run([empty], dir.File("e.msgpack"));
        using var merged = new DatasetReader(dir.File("m.msgpack"));
        using var mergedEmpty = new DatasetReader(dir.File("e.msgpack"));
        Assert.Equal(3, merged.Count);
        Assert.Empty(mergedEmpty);
    }

    [Fact]
    public void Duplicate_keys_name_the_key_and_both_inputs_and_write_nothing()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 5);
        string b = CommandVectors.Generated(dir, "b", 8);
        var error = Assert.Throws<DuplicateKeyException>(() => MergeOperation.Run([a, b], dir.File("m.msgpack")));
        Assert.Equal("0", error.Key);
        Assert.Contains("\"0\"", error.Message);
        Assert.Contains(a, error.Message);
        Assert.Contains(b, error.Message);
        Assert.False(File.Exists(dir.File("m.msgpack")));
    }

    [Fact]
    public void Key_prefixes_make_colliding_inputs_mergeable()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 2);
        string b = CommandVectors.Generated(dir, "b", 2);
        MergeOperation.Run([a, b], dir.File("m.msgpack"), new MergeOptions { Strategy = MergeStrategy.Concat, KeyPrefixes = ["a/", "b/"] });
        using var merged = new DatasetReader(dir.File("m.msgpack"));
        Assert.Equal(["a/0", "a/1", "b/0", "b/1"], merged.Keys);
        Assert.Equal("b/1", merged.Get(3).Key);
        Assert.Equal(0.5, merged.Get(3)["value"]);
        merged.Verify();
    }

    [Fact]
    public void Prefix_count_must_match_the_inputs()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 2);
        var error = Assert.Throws<ArgumentException>(() => MergeOperation.Run([a], dir.File("m.msgpack"), new MergeOptions { KeyPrefixes = ["x", "y"] }));
        Assert.Contains("one key prefix per input", error.Message);
    }

    [Fact]
    public void Output_equal_to_an_input_is_refused()
    {
        using var dir = new TempDir();
        string a = CommandVectors.Generated(dir, "a", 2, "a");
        string b = CommandVectors.Generated(dir, "b", 2, "b");
        Assert.Throws<ArgumentException>(() => MergeOperation.Run([a, b], b, new MergeOptions { Overwrite = true }));
    }
}
