using Datadings.Operations;
using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Operations;

public class ShuffleOperationTests
{
    [Fact]
    public void Default_shuffle_reproduces_the_reference_command_byte_for_byte()
    {
        using var dir = new TempDir();
        string output = dir.File("mixed1000-shuffled.msgpack");
        var result = ShuffleOperation.Run(SharedVectors.Dataset("mixed1000"), output);
        Assert.Equal(1000, Assert.Single(result.Outputs).Count);
        DatasetAssert.SameFiles(CommandVectors.Output("shuffle", "mixed1000-shuffled"), output);
    }

    [Theory]
    [InlineData(1L)]          // every sample larger than the budget: one sample per window
    [InlineData(5_000L)]      // many small windows
    [InlineData(1L << 30)]    // one window
    public void Any_memory_budget_gives_the_reference_bytes(long budget)
    {
        using var dir = new TempDir();
        string output = dir.File("mixed1000-shuffled.msgpack");
        ShuffleOperation.Run(SharedVectors.Dataset("mixed1000"), output, new ShuffleOptions { MemoryBudgetBytes = budget });
        DatasetAssert.SameFiles(CommandVectors.Output("shuffle", "mixed1000-shuffled"), output);
    }

    [Fact]
    public void Quasi_shuffle_with_a_small_budget_matches_one_without()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 3000);
        var quasi = new ShuffleOptions { Mode = ShuffleMode.Quasi, Seed = 11 };
        ShuffleOperation.Run(input, dir.File("small.msgpack"), quasi with { MemoryBudgetBytes = 1000 });
        ShuffleOperation.Run(input, dir.File("large.msgpack"), quasi);
        Assert.Equal(File.ReadAllBytes(dir.File("large.msgpack")), File.ReadAllBytes(dir.File("small.msgpack")));
        Assert.Equal(File.ReadAllBytes(dir.File("large.msgpack.offsets")), File.ReadAllBytes(dir.File("small.msgpack.offsets")));
    }

    [Fact]
    public void A_budget_below_one_byte_is_refused()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 3);
        var error = Assert.Throws<ArgumentException>(() => ShuffleOperation.Run(input, dir.File("out.msgpack"), new ShuffleOptions { MemoryBudgetBytes = 0 }));
        Assert.Contains("memory budget", error.Message);
    }

    [Fact]
    public void Quasi_shuffle_writes_the_quasi_shuffler_order_with_bytes_unchanged()
    {
        using var dir = new TempDir();
        string input = SharedVectors.Dataset("mixed1000");
        string output = dir.File("quasi.msgpack");
        var options = new ShuffleOptions { Mode = ShuffleMode.Quasi, QuasiBuffer = 64, QuasiChunkSize = 8, Seed = 7 };
        ShuffleOperation.Run(input, output, options);

        int[] expected = ShuffleOrder.QuasiShuffler(1000, 64, 8, 7);
        using var source = new DatasetReader(input);
        using var shuffled = new DatasetReader(output);
        Assert.Equal(expected.Select(source.GetKey), shuffled.Keys);
        for (int i = 0; i < 1000; i++)
            Assert.True(source.GetRawSpan(expected[i]).SequenceEqual(shuffled.GetRawSpan(i)));
        shuffled.Verify();
    }

    [Fact]
    public void Quasi_shuffle_defaults_match_the_reference_quasi_shuffler()
    {
        var defaults = ShuffleOperation.Order(1000, new ShuffleOptions { Mode = ShuffleMode.Quasi });
        Assert.Equal(ShuffleOrder.QuasiShuffler(1000, 16, 16, 256000), defaults);
    }

    [Fact]
    public void A_seed_changes_the_order()
    {
        var order = ShuffleOperation.Order(100, new ShuffleOptions { Seed = 5 });
        Assert.Equal(ShuffleOrder.Shuffler(100, 5), order);
        Assert.NotEqual(ShuffleOrder.Shuffler(100, 100), order);
    }

    [Fact]
    public void Existing_output_is_refused_without_overwrite_and_replaced_with_it()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 20);
        string output = CommandVectors.Generated(dir, "out", 3);
        var error = Assert.Throws<IOException>(() => ShuffleOperation.Run(input, output));
        Assert.Contains(output, error.Message);
        using (var before = new DatasetReader(output)) Assert.Equal(3, before.Count);

        ShuffleOperation.Run(input, output, new ShuffleOptions { Overwrite = true });
        using var reader = new DatasetReader(output);
        Assert.Equal(20, reader.Count);
    }

    [Fact]
    public void Input_and_output_must_differ_even_with_overwrite()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 5);
        var error = Assert.Throws<ArgumentException>(() => ShuffleOperation.Run(input, Path.Combine(dir.Path, ".", "in.msgpack"), new ShuffleOptions { Overwrite = true }));
        Assert.Contains("also an input", error.Message);
    }

    [Theory]
    [InlineData(".keys")]
    [InlineData(".md5")]
    [InlineData(".offsets")]
    public void An_output_named_after_an_index_file_of_the_input_is_the_input_and_is_refused(string suffix)
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 5);
        var before = Directory.GetFiles(dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        // in.msgpack.keys names the dataset in.msgpack: the writer would replace the input itself.
        var error = Assert.Throws<ArgumentException>(() => ShuffleOperation.Run(input, input + suffix, new ShuffleOptions { Overwrite = true }));
        Assert.Contains("also an input", error.Message);
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void Missing_input_names_the_file()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<FileNotFoundException>(() => ShuffleOperation.Run(dir.File("nope.msgpack"), dir.File("out.msgpack")));
        Assert.Contains("nope.msgpack", error.Message);
    }

    [Fact]
    public void Cancellation_leaves_no_output()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 10);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => ShuffleOperation.Run(input, dir.File("out.msgpack"), cancellationToken: cancelled.Token));
        Assert.Equal(DatasetAssert.FileSuffixes.Select(s => "in.msgpack" + s).Order(StringComparer.Ordinal), dir.FileNames());
    }

    [Fact]
    public void Progress_is_reported_while_writing_and_at_completion()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 10000);
        var reports = new List<OperationProgress>();
        ShuffleOperation.Run(input, dir.File("out.msgpack"), progress: new SynchronousProgress(reports.Add));
        Assert.Equal([4096L, 8192L, 10000L], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(10000, r.Total));
        Assert.All(reports, r => Assert.Equal("shuffle", r.Operation));
    }
}

/// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, at once.</summary>
internal sealed class SynchronousProgress(Action<OperationProgress> report) : IProgress<OperationProgress>
{
    public void Report(OperationProgress value) => report(value);
}
