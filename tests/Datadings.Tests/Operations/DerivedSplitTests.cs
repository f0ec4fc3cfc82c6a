using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Operations;

/// <summary>Stratified and stable splits, and their assignment files.</summary>
public class DerivedSplitTests
{
    /// <summary>Samples keyed k0… with labels in the given per-class counts (classes interleaved) and a payload.</summary>
    private static string Labelled(TempDir dir, string name, int[] classSizes, Func<int, byte[]>? payload = null, int firstKey = 0)
    {
        string path = dir.File(name + ".msgpack");
        using var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true });
        var left = (int[])classSizes.Clone();
        int key = firstKey;
        while (left.Any(n => n > 0))
        {
            for (int c = 0; c < left.Length; c++)
            {
                if (left[c]-- <= 0) continue;
                writer.Write(new Sample($"k{key}") { ["label"] = (long)c, ["data"] = payload?.Invoke(key) ?? BitConverter.GetBytes(key) });
                key++;
            }
        }
        writer.Complete();
        return path;
    }

    /// <summary>Same bytes in every file of two datasets but the .md5 (which names the data file).</summary>
    private static void SameContent(string expected, string actual)
    {
        foreach (string suffix in DatasetAssert.FileSuffixes.Where(s => s != ".md5"))
            Assert.Equal(File.ReadAllBytes(expected + suffix), File.ReadAllBytes(actual + suffix));
    }

    private static Dictionary<long, int> LabelCounts(string path)
    {
        using var reader = new DatasetReader(path);
        return reader.GroupBy(s => (long)s["label"]!).ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public void Stratified_split_cuts_every_class_by_the_fractions()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [50, 30, 7]);
        var result = SplitOperation.ByFractions(input, [0.8, 0.2], new SplitOptions { StratifyField = "label", Seed = 3 });

        // Per class, part i ends at floor(n_c·(f0+…+fi) + 0.5): 50 → 40/10, 30 → 24/6, 7 → 6/1.
        Assert.Equal(new Dictionary<long, int> { [0] = 40, [1] = 24, [2] = 6 }, LabelCounts(dir.File("all-0.msgpack")));
        Assert.Equal(new Dictionary<long, int> { [0] = 10, [1] = 6, [2] = 1 }, LabelCounts(dir.File("all-1.msgpack")));
        Assert.Equal([70, 17], result.Outputs.Select(o => o.Count));
        using var train = new DatasetReader(dir.File("all-0.msgpack"));
        var order = train.Keys.Select(k => int.Parse(k[1..])).ToList();
        Assert.Equal(order.Order(), order);   // parts keep file order
        train.Verify();
    }

    [Fact]
    public void Stratified_split_is_deterministic_and_the_seed_matters()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [40, 40]);
        string[] Split(string tag, long seed)
        {
            string[] outs = [dir.File($"{tag}-a.msgpack"), dir.File($"{tag}-b.msgpack")];
            SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StratifyField = "label", Seed = seed, Outputs = outs });
            return outs;
        }
        var one = Split("one", 1);
        var two = Split("two", 1);
        var other = Split("other", 2);
        SameContent(one[0], two[0]);
        SameContent(one[1], two[1]);
        Assert.NotEqual(File.ReadAllBytes(one[0]), File.ReadAllBytes(other[0]));
    }

    [Fact]
    public void A_sample_without_the_stratify_field_is_named()
    {
        using var dir = new TempDir();
        string input = dir.File("in.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("a") { ["label"] = 1L });
            writer.Write(new Sample("unlabelled") { ["x"] = 1L });
            writer.Complete();
        }
        var error = Assert.Throws<InvalidDataException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StratifyField = "label" }));
        Assert.Contains("\"unlabelled\"", error.Message);
        Assert.Contains("\"label\"", error.Message);
        Assert.False(File.Exists(dir.File("in-0.msgpack")));
    }

    [Fact]
    public void Stable_split_never_moves_a_sample_when_samples_are_added()
    {
        using var dir = new TempDir();
        string small = Labelled(dir, "small", [100]);
        string large = Labelled(dir, "large", [300]);   // the same 100 samples first, then 200 more
        var options = new SplitOptions { StableBy = StableSplitBy.Key, Seed = 9, PartNames = ["train", "test"] };
        SplitOperation.ByFractions(small, [0.7, 0.3], options with { AssignmentOutput = dir.File("small.csv") });
        SplitOperation.ByFractions(large, [0.7, 0.3], options with { AssignmentOutput = dir.File("large.csv") });

        var before = SplitAssignment.Read(dir.File("small.csv")).ToDictionary();
        var after = SplitAssignment.Read(dir.File("large.csv")).ToDictionary();
        Assert.Equal(100, before.Count);
        Assert.All(before, e => Assert.Equal(e.Value, after[e.Key]));
        Assert.InRange(after.Values.Count(p => p == "test"), 60, 120);   // ~90 expected
    }

    [Fact]
    public void Stable_rule_is_the_documented_blake2s_position()
    {
        // k0 with seed 9: BLAKE2s-256("k0", salt = 09 00 00 00 00 00 00 00), first 8 bytes big-endian >> 11 / 2^53.
        double u = StableAssignment.Position("k0"u8, 9);
        byte[] digest = Datadings.Hashing.Blake2s.Hash("k0"u8, [9, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal((System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) / Math.Pow(2, 53), u);
        Assert.Equal(0, StableAssignment.Part(0.69, [0.7, 0.3]));
        Assert.Equal(1, StableAssignment.Part(0.7, [0.7, 0.3]));
        Assert.Equal(2, StableAssignment.Part(0.999999, [0.5, 0.25, 0.25]));
    }

    [Fact]
    public void Content_stable_split_keeps_duplicates_together()
    {
        using var dir = new TempDir();
        // 200 samples but only 20 distinct payloads: duplicates must share a part.
        string input = Labelled(dir, "dups", [200], key => [(byte)(key % 20)]);
        var options = new SplitOptions { StableBy = StableSplitBy.Content, ContentFields = ["data"], Seed = 1, AssignmentOutput = dir.File("a.csv") };
        SplitOperation.ByFractions(input, [0.5, 0.5], options);
        var parts = SplitAssignment.Read(dir.File("a.csv")).ToDictionary();
        foreach (var group in parts.GroupBy(e => int.Parse(e.Key[1..]) % 20))
            Assert.Single(group.Select(e => e.Value).Distinct());
    }

    [Fact]
    public void Content_hashing_of_all_fields_ignores_the_key()
    {
        byte[] a = Datadings.Msgpack.MsgpackSerializer.SerializeSample(new Sample("a") { ["x"] = 1L });
        byte[] b = Datadings.Msgpack.MsgpackSerializer.SerializeSample(new Sample("b") { ["x"] = 1L });
        Assert.Equal(StableAssignment.HashedData("a", a, StableSplitBy.Content, null), StableAssignment.HashedData("b", b, StableSplitBy.Content, null));
        var missing = Assert.Throws<InvalidDataException>(() => StableAssignment.HashedData("a", a, StableSplitBy.Content, ["image"]));
        Assert.Contains("sample \"a\" has no \"image\"", missing.Message);
    }

    [Fact]
    public void An_earlier_assignment_is_kept_new_keys_are_hashed_and_absent_keys_stay_listed()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [6]);
        string csv = dir.File("split.csv");
        File.WriteAllText(csv, "key,part\nk0,test\nk1,test\n\"gone,\"\"quoted\"\"\",train\n");
        var options = new SplitOptions { StableBy = StableSplitBy.Key, PartNames = ["train", "test"], PreviousAssignment = csv, AssignmentOutput = csv };
        var result = SplitOperation.ByFractions(input, [0.999, 0.001], options);

        var assignment = SplitAssignment.Read(csv);
        Assert.Equal(["k0", "k1", "k2", "k3", "k4", "k5", "gone,\"quoted\""], assignment.Entries.Select(e => e.Key));
        Assert.Equal(["test", "test", "train", "train", "train", "train", "train"], assignment.Entries.Select(e => e.Value));
        Assert.Equal([4, 2], result.Outputs.Select(o => o.Count));
        Assert.Contains("2 samples kept their earlier part", Assert.Single(result.Notes));
        Assert.StartsWith("key,part\nk0,test\n", File.ReadAllText(csv));
        Assert.EndsWith("\"gone,\"\"quoted\"\"\",train\n", File.ReadAllText(csv));
    }

    [Fact]
    public void Stable_split_and_assignment_are_byte_for_byte_reproducible()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [30, 30]);
        foreach (string run in new[] { "1", "2" })
            SplitOperation.ByFractions(input, [0.6, 0.4], new SplitOptions
            {
                StableBy = StableSplitBy.Key, Seed = 4, AssignmentOutput = dir.File($"{run}.csv"),
                Outputs = [dir.File($"{run}-a.msgpack"), dir.File($"{run}-b.msgpack")],
            });
        Assert.Equal(File.ReadAllBytes(dir.File("1.csv")), File.ReadAllBytes(dir.File("2.csv")));
        SameContent(dir.File("1-a.msgpack"), dir.File("2-a.msgpack"));
        SameContent(dir.File("1-b.msgpack"), dir.File("2-b.msgpack"));
    }

    [Fact]
    public void A_consecutive_split_can_write_its_assignment_too()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "all", 4);
        SplitOperation.AtPositions(input, [3], new SplitOptions { AssignmentOutput = dir.File("a.csv") });
        Assert.Equal("key,part\n0,0\n1,0\n2,0\n3,1\n", File.ReadAllText(dir.File("a.csv")));
    }

    [Theory]
    [InlineData("key,part\nk0,val\n", "line 2", "part \"val\", which is not one of the parts \"train\", \"test\"")]
    [InlineData("id,part\n", "line 1", "header \"key,part\"")]
    [InlineData("key,part\nk0,train\nk0,test\n", "line 3", "already assigned on line 2")]
    [InlineData("key,part\nk0\n", "line 2", "expected two fields")]
    [InlineData("key,part\n\"k0,train\n", "line 2", "quoted field is not closed")]
    public void A_bad_assignment_file_names_the_file_and_problem(string content, string line, string message)
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [3]);
        File.WriteAllText(dir.File("bad.csv"), content);
        var error = Assert.Throws<InvalidDataException>(() => SplitOperation.ByFractions(input, [0.5, 0.5],
            new SplitOptions { StableBy = StableSplitBy.Key, PartNames = ["train", "test"], PreviousAssignment = dir.File("bad.csv") }));
        Assert.Contains("bad.csv", error.Message);
        if (!message.Contains("not one of the parts")) Assert.Contains(line, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Impossible_combinations_are_rejected_with_reasons()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [4]);
        var both = Assert.Throws<ArgumentException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StratifyField = "label", StableBy = StableSplitBy.Key }));
        Assert.Contains("cannot be both stratified and stable", both.Message);
        var positions = Assert.Throws<ArgumentException>(() => SplitOperation.AtPositions(input, [2], new SplitOptions { StratifyField = "label" }));
        Assert.Contains("take fractions", positions.Message);
        var previous = Assert.Throws<ArgumentException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { PreviousAssignment = "x.csv" }));
        Assert.Contains("only be kept by a stable split", previous.Message);
        var names = Assert.Throws<ArgumentException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StableBy = StableSplitBy.Key, PartNames = ["a"] }));
        Assert.Contains("2 parts but 1 part names", names.Message);
        var sum = Assert.Throws<ArgumentException>(() => SplitOperation.ByFractions(input, [0.5, 0.4], new SplitOptions { StableBy = StableSplitBy.Key }));
        Assert.Contains("must sum to 1", sum.Message);
        var content = Assert.Throws<ArgumentException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StableBy = StableSplitBy.Key, ContentFields = ["x"] }));
        Assert.Contains("stable by content", content.Message);
    }

    [Fact]
    public void An_existing_assignment_output_needs_overwrite_unless_it_is_the_one_being_updated()
    {
        using var dir = new TempDir();
        string input = Labelled(dir, "all", [4]);
        File.WriteAllText(dir.File("a.csv"), "key,part\n");
        var error = Assert.Throws<IOException>(() => SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StableBy = StableSplitBy.Key, AssignmentOutput = dir.File("a.csv") }));
        Assert.Contains("a.csv", error.Message);
        SplitOperation.ByFractions(input, [0.5, 0.5], new SplitOptions { StableBy = StableSplitBy.Key, PreviousAssignment = dir.File("a.csv"), AssignmentOutput = dir.File("a.csv") });
        Assert.Equal(5, File.ReadAllLines(dir.File("a.csv")).Length);
    }
}
