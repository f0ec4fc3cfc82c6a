using Datadings.Conversions;
using Datadings.Reading;

namespace Datadings.Tests.Conversions;

public sealed class ConversionRunnerTests : ConversionTestBase
{
    private sealed class Numbers(int count, Func<int, Sample>? make = null, int failAt = -1) : ISampleConverter
    {
        public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
        {
            context.ExpectedSampleCount = count;
            for (int i = 0; i < count; i++)
            {
                if (i == failAt) throw new InvalidOperationException($"boom at {i}");
                yield return make?.Invoke(i) ?? new Sample($"s{i:D3}") { ["v"] = (long)i };
            }
        }
    }

    [Fact]
    public void Sharding_writes_numbered_shards_that_read_as_one_dataset()
    {
        var result = Convert(new Numbers(25), [], shardSize: 10);

        Assert.Equal([10, 10, 5], result.Files.Select(f => f.SampleCount));
        Assert.Equal(["ds-00000.msgpack", "ds-00001.msgpack", "ds-00002.msgpack"], result.Files.Select(f => Path.GetFileName(f.Paths.Data)));
        using var reader = new ShardedReader(DatasetFileNames.ShardPattern(Output, "ds"));
        Assert.Equal(25, reader.Count);
        Assert.Equal("s017", reader.GetKey(17));
        Assert.Equal(24L, reader[24]["v"]);
    }

    [Fact]
    public void A_new_conversion_removes_the_previous_files_of_the_dataset_even_when_sharding_changed()
    {
        Convert(new Numbers(25), [], shardSize: 10);
        File.WriteAllText(Path.Combine(Output, "other.msgpack"), "another dataset");

        Convert(new Numbers(5), []);

        Assert.Equal(["ds.msgpack", "ds.msgpack.filter", "ds.msgpack.key_hashes", "ds.msgpack.keys", "ds.msgpack.md5", "ds.msgpack.offsets", "other.msgpack"],
            Directory.GetFiles(Output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failing_converter_leaves_nothing_not_even_the_previous_dataset_or_earlier_shards()
    {
        Convert(new Numbers(5), []);

        var e = Assert.Throws<ConversionException>(() => Convert(new Numbers(30, failAt: 23), [], shardSize: 10));

        Assert.Equal(ConversionError.ConverterFailed, e.Error);
        Assert.Contains("InvalidOperationException: boom at 23", e.Message);
        Assert.Empty(Directory.GetFiles(Output));
    }

    [Fact]
    public void Samples_without_a_string_key_or_with_unwritable_values_are_converter_failures()
    {
        var e = Assert.Throws<ConversionException>(() => Convert(new Numbers(3, i => new Sample { ["key"] = (long)i }), []));
        Assert.Equal(ConversionError.ConverterFailed, e.Error);
        Assert.Contains("sample 0", e.Message);

        e = Assert.Throws<ConversionException>(() => Convert(new Numbers(3, i => new Sample($"k{i}") { ["bad"] = new object() }), []));
        Assert.Equal(ConversionError.ConverterFailed, e.Error);
        Assert.Empty(Directory.GetFiles(Output));
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(1, 10)]
    [InlineData(2, 10)]
    public void A_duplicate_key_names_both_samples_within_a_file_and_across_shards(int parallelism, int? shardSize)
    {
        var converter = new Numbers(30, i => new Sample(i == 27 ? "s004" : $"s{i:D3}"));

        var e = Assert.Throws<ConversionException>(() => Convert(converter, [], shardSize: shardSize, parallelism: parallelism));

        Assert.Equal(ConversionError.DuplicateKey, e.Error);
        Assert.Contains("duplicate key 's004': sample 27 has the same key as sample 4", e.Message);
        Assert.Empty(Directory.GetFiles(Output));
    }

    [Fact]
    public void Packing_on_several_threads_writes_the_same_bytes_and_reports_the_first_bad_sample()
    {
        Sample Make(int i) => new($"k{i:D4}") { ["v"] = (long)i, ["blob"] = new byte[i % 300], ["f"] = i / 7.0 };
        Convert(new Numbers(3000, Make), [], name: "one", parallelism: 1);
        Convert(new Numbers(3000, Make), [], name: "two", parallelism: 2);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Output, "one.msgpack")), File.ReadAllBytes(Path.Combine(Output, "two.msgpack")));
        Assert.Equal(File.ReadAllText(Path.Combine(Output, "one.msgpack.md5")).Split(' ')[0], File.ReadAllText(Path.Combine(Output, "two.msgpack.md5")).Split(' ')[0]);

        // Samples 1001 and 1003 cannot be packed; the error names the first, as a single thread would.
        var e = Assert.Throws<ConversionException>(() => Convert(
            new Numbers(3000, i => i is 1001 or 1003 ? new Sample($"k{i}") { ["bad"] = new object() } : Make(i)), [], parallelism: 2));
        Assert.Contains("sample 'k1001' cannot be written", e.Message);
    }

    [Fact]
    public void An_empty_conversion_writes_an_empty_dataset()
    {
        var result = Convert(new Numbers(0), []);

        Assert.Equal(0, result.SampleCount);
        Assert.Empty(Read());
    }

    [Fact]
    public void Progress_reports_counts_and_an_eta()
    {
        var reports = new List<ConversionProgress>();
        ConversionRunner.Run(new Numbers(2000, i => { Thread.SpinWait(2000); return new Sample($"k{i}"); }),
            new ConversionContext("ds", []), new ConversionTarget(Output, "ds"), reports.Add, TimeSpan.FromMilliseconds(1));

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(2000, r.ExpectedSamples));
        Assert.NotNull(reports[^1].EstimatedRemaining);
    }

    [Fact]
    public void Cancellation_leaves_no_dataset()
    {
        using var cancel = new CancellationTokenSource();
        var converter = new Numbers(1000, i => { if (i == 500) cancel.Cancel(); return new Sample($"k{i}"); });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            ConversionRunner.Run(converter, new ConversionContext("ds", []), new ConversionTarget(Output, "ds"), cancellationToken: cancel.Token));
        Assert.Empty(Directory.GetFiles(Output));
    }
}
