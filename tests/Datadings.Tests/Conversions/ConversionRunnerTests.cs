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
