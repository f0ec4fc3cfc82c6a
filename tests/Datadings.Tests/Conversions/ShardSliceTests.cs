using Datadings.Conversions;
using Datadings.IndexFiles;

namespace Datadings.Tests.Conversions;

/// <summary>A slice of a sharded conversion writes exactly its shards, with the bytes the full conversion writes.</summary>
public sealed class ShardSliceTests : ConversionTestBase
{
    /// <summary>
    /// Converters that skip their own expensive work for other machines' samples (Idx, Cifar: PNG encoding) and one
    /// that does not (JsonLines: only the runner skips packing, writing and hashing): every slice must still write
    /// exactly the full run's bytes for its shards.
    /// </summary>
    [Theory]
    [InlineData("Idx")]
    [InlineData("Cifar10")]
    [InlineData("JsonLines")]
    public void Each_slice_writes_its_own_shards_byte_identical_to_the_full_run_and_converters_are_told_what_to_skip(string kind)
    {
        var (converter, sources, options) = Case(kind);
        var full = Convert(converter(), sources, options, shardSize: 10);
        var expected = full.Files.SelectMany(f => f.AllFiles).ToDictionary(f => Path.GetFileName(f)!, Md5File.HashFile);
        Assert.Equal(6, full.Files.Count);

        var seen = new Dictionary<string, string>();
        for (int k = 0; k < 4; k++)
        {
            var output = Dir.File($"slice-{k}");
            var context = new ConversionContext("ds", sources, options, Dir.Path, parallelism: 2);
            var result = ConversionRunner.Run(converter(), context, new ConversionTarget(output, "ds", 10, new ShardSlice(k, 4)));

            Assert.Equal(53, result.SampleCount);
            Assert.Equal(Enumerable.Range(0, 6).Where(s => s % 4 == k).Select(s => $"ds-{s:D5}.msgpack"), result.Files.Select(f => Path.GetFileName(f.Paths.Data)));
            Assert.Equal(k == 0, context.IsSampleWanted(5));   // sample 5 is in shard 0
            Assert.Equal(k == 1, context.IsSampleWanted(52));  // sample 52 is in shard 5
            foreach (var file in Directory.GetFiles(output))
                seen.Add(Path.GetFileName(file), Md5File.HashFile(file));
        }
        Assert.Equal(expected.OrderBy(e => e.Key), seen.OrderBy(e => e.Key));
    }

    /// <summary>53 samples from each kind of source.</summary>
    private (Func<ISampleConverter>, ConversionSource[], Dictionary<string, string>) Case(string kind) => kind switch
    {
        "Idx" => (() => new IdxConverter(),
            [Source("images", SyntheticSources.IdxImages(53)), Source("labels", SyntheticSources.IdxLabels(53))],
            new() { ["Images"] = "images", ["Labels"] = "labels" }),
        "Cifar10" => (CifarConverter.Cifar10,
            [Source("cifar-10-binary.tar.gz", SyntheticSources.TarGz(
                ("cifar-10-batches-bin/data_batch_1.bin", SyntheticSources.CifarBatch(20, hundred: false, seed: 1)),
                ("cifar-10-batches-bin/data_batch_2.bin", SyntheticSources.CifarBatch(33, hundred: false, seed: 2))))],
            new()),
        _ => (() => new JsonLinesConverter(),
            [Source("t.jsonl", string.Concat(Enumerable.Range(0, 53).Select(i => $"{{\"id\": \"r{i}\", \"x\": {i * 7 % 11}, \"text\": \"row {i}\"}}\n")))],
            new() { ["KeyColumn"] = "id" }),
    };

    [Fact]
    public void A_slice_needs_sharding_and_an_index_below_the_count()
    {
        var context = new ConversionContext("ds", []);
        Assert.Throws<ConversionException>(() => ConversionRunner.Run(new IdxConverter(), context, new ConversionTarget(Dir.File("a"), "ds", null, new ShardSlice(0, 2))));
        Assert.Throws<ConversionException>(() => ConversionRunner.Run(new IdxConverter(), context, new ConversionTarget(Dir.File("b"), "ds", 10, new ShardSlice(2, 2))));
    }
}
