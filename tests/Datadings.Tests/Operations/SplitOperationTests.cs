using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Operations;

public class SplitOperationTests
{
    [Fact]
    public void Split_at_500_reproduces_the_reference_command_byte_for_byte()
    {
        using var dir = new TempDir();
        string[] outputs = [dir.File("mixed1000-half0.msgpack"), dir.File("mixed1000-half1.msgpack")];
        var result = SplitOperation.AtPositions(SharedVectors.Dataset("mixed1000"), [500], new SplitOptions { Outputs = outputs });
        Assert.Equal([500, 500], result.Outputs.Select(o => o.Count));
        DatasetAssert.SameFiles(CommandVectors.Output("split1", "mixed1000-half0"), outputs[0]);
        DatasetAssert.SameFiles(CommandVectors.Output("split1", "mixed1000-half1"), outputs[1]);
    }

    [Fact]
    public void Middle_parts_have_exact_boundaries_unlike_the_reference()
    {
        // The reference writes 300/301/400 samples here (FORMAT.md §13); part k must be [S_k, S_k+1).
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 1000);
        var result = SplitOperation.AtPositions(input, [300, 600]);
        Assert.Equal([300, 300, 400], result.Outputs.Select(o => o.Count));
        using var middle = new DatasetReader(dir.File("data-1.msgpack"));
        Assert.Equal("300", middle.GetKey(0));
        Assert.Equal("599", middle.GetKey(-1));
        middle.Verify();
    }

    [Fact]
    public void Default_outputs_split_root_and_extension_at_the_last_dot()
    {
        Assert.Equal([Path.Combine("d", "a.b-0.msgpack"), Path.Combine("d", "a.b-1.msgpack")], SplitPlan.DefaultOutputs(Path.Combine("d", "a.b.msgpack"), 2));
        Assert.Equal(["noext-0", "noext-1"], SplitPlan.DefaultOutputs("noext", 2));
        Assert.Equal([".hidden-0"], SplitPlan.DefaultOutputs(".hidden", 1));
    }

    [Theory]
    [InlineData(new[] { 0 }, "at least 1")]
    [InlineData(new[] { 10 }, "less than the dataset's 10 samples")]
    [InlineData(new[] { 5, 3 }, "strictly ascending")]
    [InlineData(new[] { 4, 4 }, "strictly ascending")]
    [InlineData(new int[0], "at least one split position")]
    public void Bad_positions_are_argument_errors(int[] positions, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SplitPlan.FromPositions(10, positions));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(10, new[] { 0.5, 0.5 }, new[] { 5, 5 })]
    [InlineData(10, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, new[] { 3, 4, 3 })]
    [InlineData(7, new[] { 0.25, 0.25, 0.5 }, new[] { 2, 2, 3 })]
    [InlineData(1000, new[] { 0.8, 0.1, 0.1 }, new[] { 800, 100, 100 })]
    [InlineData(1, new[] { 0.5, 0.5 }, new[] { 1, 0 })]
    public void Fraction_sizes_round_the_running_total_and_sum_to_n(int n, double[] fractions, int[] sizes)
    {
        int[] boundaries = SplitPlan.FromFractions(n, fractions);
        Assert.Equal(sizes, boundaries.Zip(boundaries.Skip(1), (a, b) => b - a));
    }

    [Fact]
    public void Fraction_sizes_always_sum_to_n()
    {
        var random = new Random(1);
        for (int trial = 0; trial < 500; trial++)
        {
            int n = random.Next(0, 5000);
            double[] weights = Enumerable.Range(0, random.Next(2, 7)).Select(_ => random.NextDouble() + 0.01).ToArray();
            double[] fractions = weights.Select(w => w / weights.Sum()).ToArray();
            int[] boundaries = SplitPlan.FromFractions(n, fractions);
            Assert.Equal(0, boundaries[0]);
            Assert.Equal(n, boundaries[^1]);
            for (int i = 1; i < boundaries.Length; i++)
                Assert.InRange(boundaries[i] - boundaries[i - 1] - n * fractions[i - 1], -1.0, 1.0);
        }
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.4 }, "must sum to 1")]
    [InlineData(new[] { 0.5, 0.5 + 1e-8 }, "must sum to 1")]
    [InlineData(new[] { 1.0, 0.0 }, "greater than 0")]
    [InlineData(new[] { 1.5, -0.5 }, "greater than 0")]
    [InlineData(new[] { double.NaN, 0.5 }, "greater than 0")]
    [InlineData(new[] { 1.0 }, "at least two fractions")]
    public void Bad_fractions_are_argument_errors(double[] fractions, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SplitPlan.FromFractions(10, fractions));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Fractions_within_tolerance_are_accepted()
    {
        Assert.Equal([0, 5, 10], SplitPlan.FromFractions(10, [0.5, 0.5 + 1e-10]));
    }

    [Fact]
    public void Split_by_fractions_writes_the_parts()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 10);
        var result = SplitOperation.ByFractions(input, [0.7, 0.3]);
        Assert.Equal([dir.File("data-0.msgpack"), dir.File("data-1.msgpack")], result.Outputs.Select(o => o.Path));
        using var second = new DatasetReader(dir.File("data-1.msgpack"));
        Assert.Equal(["7", "8", "9"], second.Keys);
    }

    [Fact]
    public void Output_count_must_match_the_parts()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 10);
        var error = Assert.Throws<ArgumentException>(() => SplitOperation.AtPositions(input, [3, 6], new SplitOptions { Outputs = [dir.File("a.msgpack")] }));
        Assert.Contains("3 parts but 1 output", error.Message);
    }

    [Fact]
    public void An_existing_part_refuses_the_whole_split_before_writing()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 10);
        CommandVectors.Generated(dir, "data-1", 2);
        Assert.Throws<IOException>(() => SplitOperation.AtPositions(input, [5]));
        Assert.False(File.Exists(dir.File("data-0.msgpack")));
    }

    [Fact]
    public void A_bad_position_leaves_no_part_behind()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 10);
        Assert.Throws<ArgumentException>(() => SplitOperation.AtPositions(input, [5, 10]));
        Assert.Equal(6, dir.FileNames().Length);
    }

    [Fact]
    public void An_output_equal_to_the_input_is_refused()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "data", 10);
        Assert.Throws<ArgumentException>(() => SplitOperation.AtPositions(input, [5], new SplitOptions { Outputs = [dir.File("x.msgpack"), input], Overwrite = true }));
    }
}
