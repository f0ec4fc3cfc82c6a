using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

/// <summary>The writing commands reproduce the reference command outputs byte for byte.</summary>
public class TransformCommandTests
{
    [Fact]
    public void Shuffle_reproduces_the_reference()
    {
        using var dir = new TempDir();
        string output = dir.File("mixed1000-shuffled.msgpack");
        var result = CliRunner.Run("shuffle", TestData.Vector("mixed1000"), output);
        result.AssertSuccess();
        Assert.Contains("wrote", result.Stdout);
        Assert.Equal("", result.Stderr);
        DatasetAssert.SameFiles(TestData.CommandOutput("shuffle", "mixed1000-shuffled"), output);
    }

    [Fact]
    public void Quasi_shuffle_keeps_every_sample()
    {
        using var dir = new TempDir();
        string output = dir.File("quasi.msgpack");
        CliRunner.Run("shuffle", "--quasi", "--buffer", "0.1", "--chunk", "8", "--seed", "3", TestData.Vector("mixed1000"), output).AssertSuccess();
        using var reader = new DatasetReader(output);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString()), reader.Keys.Order(Comparer<string>.Create((a, b) => int.Parse(a).CompareTo(int.Parse(b)))));
        Assert.NotEqual(Enumerable.Range(0, 1000).Select(i => i.ToString()), reader.Keys);
        reader.Verify();
    }

    [Theory]
    [InlineData("random", "random10")]
    [InlineData("sequential", "seq10")]
    public void Sample_reproduces_the_reference(string strategy, string vector)
    {
        using var dir = new TempDir();
        string output = dir.File(vector + ".msgpack");
        CliRunner.Run("sample", TestData.Vector("mixed1000"), output, "10", "--strategy", strategy).AssertSuccess();
        DatasetAssert.SameFiles(TestData.CommandOutput("sample", vector), output);
    }

    [Fact]
    public void Sample_of_more_than_available_writes_all_with_a_note()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("sample", TestData.Vector("two"), dir.File("out.msgpack"), "5");
        result.AssertSuccess();
        Assert.Contains("datadings: note:", result.Stderr);
        Assert.Contains("only 2 samples", result.Stderr);
    }

    [Fact]
    public void Split_reproduces_the_reference_halves()
    {
        using var dir = new TempDir();
        string[] outputs = [dir.File("mixed1000-half0.msgpack"), dir.File("mixed1000-half1.msgpack")];
        CliRunner.Run("split", TestData.Vector("mixed1000"), "500", "-o", outputs[0], outputs[1]).AssertSuccess();
        DatasetAssert.SameFiles(TestData.CommandOutput("split1", "mixed1000-half0"), outputs[0]);
        DatasetAssert.SameFiles(TestData.CommandOutput("split1", "mixed1000-half1"), outputs[1]);
    }

    [Fact]
    public void Split_with_default_names_has_exact_middle_parts()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 1000);
        CliRunner.Run("split", input, "300", "600").AssertSuccess();
        int[] counts = Enumerable.Range(0, 3).Select(i => { using var r = new DatasetReader(dir.File($"all-{i}.msgpack")); return r.Count; }).ToArray();
        Assert.Equal([300, 300, 400], counts);
    }

    [Fact]
    public void Split_by_fractions()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        CliRunner.Run("split", input, "--fractions", "0.8", "0.2", "-o", dir.File("train.msgpack"), dir.File("val.msgpack")).AssertSuccess();
        using var val = new DatasetReader(dir.File("val.msgpack"));
        Assert.Equal(["8", "9"], val.Keys);
    }

    [Fact]
    public void Merge_concat_reproduces_the_reference()
    {
        using var dir = new TempDir();
        string output = dir.File("concat.msgpack");
        CliRunner.Run("merge", TestData.Vector("two"), TestData.Vector("mixed1000"), output, "--strategy", "concat").AssertSuccess();
        DatasetAssert.SameFiles(TestData.CommandOutput("merge", "concat"), output);
    }

    [Fact]
    public void Merge_random_with_seed_0_reproduces_the_reference()
    {
        using var dir = new TempDir();
        string output = dir.File("random_seed0.msgpack");
        CliRunner.Run("merge", TestData.CommandOutput("split1", "mixed1000-half0"), TestData.CommandOutput("split1", "mixed1000-half1"), output, "--seed", "0").AssertSuccess();
        DatasetAssert.SameFiles(TestData.CommandOutput("merge", "random_seed0"), output);
    }

    [Fact]
    public void Merge_with_key_prefixes_accepts_colliding_keys()
    {
        using var dir = new TempDir();
        string a = TestData.Generated(dir, "a", 3), b = TestData.Generated(dir, "b", 3);
        CliRunner.Run("merge", a, b, dir.File("ab.msgpack"), "--strategy", "concat", "--key-prefix", "a-", "b-").AssertSuccess();
        using var merged = new DatasetReader(dir.File("ab.msgpack"));
        Assert.Equal(["a-0", "a-1", "a-2", "b-0", "b-1", "b-2"], merged.Keys);
    }

    [Fact]
    public void Convert_index_reproduces_the_reference()
    {
        using var dir = new TempDir();
        string path = dir.CopyDataset("legacy");
        var result = CliRunner.Run("convert-index", path);
        result.AssertSuccess();
        Assert.Equal(5, result.StdoutLines.Length);
        DatasetAssert.SameFiles(Path.Combine(SharedVectors.Datadings, "commands", "convert_index", "legacy.msgpack"), path);
    }

    [Fact]
    public void Quiet_prints_nothing_on_success()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("shuffle", "--quiet", TestData.Vector("two"), dir.File("out.msgpack"));
        result.AssertSuccess();
        Assert.Equal("", result.Stdout + result.Stderr);
    }

    [Fact]
    public void Force_replaces_an_existing_output()
    {
        using var dir = new TempDir();
        string output = TestData.Generated(dir, "out", 7);
        CliRunner.Run("shuffle", TestData.Vector("two"), output, "--force").AssertSuccess();
        using var reader = new DatasetReader(output);
        Assert.Equal(2, reader.Count);
    }
}
