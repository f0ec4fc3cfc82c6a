using Datadings.Augments;
using Datadings.Imaging;
using Datadings.Reading;
using TorchSharp;
using static TorchSharp.torch;

namespace Datadings.TorchSharp.Tests;

public sealed class LoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-torch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SampleAugmentation DecodeAndOneHot = FieldTransforms.Compose(
        FieldTransforms.DecodeImage("image"), FieldTransforms.Normalize("image", [0.5f], [0.25f]), FieldTransforms.OneHot("label", 2));

    [Fact]
    public void Tensor_shapes_and_dtypes_follow_the_fields()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 10));
        var batches = new DatadingsLoader(reader, batchSize: 4, DecodeAndOneHot).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        var first = batches[0];
        Assert.Equal([4L, 1, 8, 8], first["image"].shape);
        Assert.Equal(ScalarType.Float32, first["image"].dtype);
        Assert.Equal([4L, 2], first["label"].shape);
        Assert.Equal(ScalarType.Float32, first["label"].dtype);
        Assert.Equal([1f, 0f, 1f, 0f], first["label"][.., 0].data<float>().ToArray()); // labels 0,1,0,1 one-hot
        Assert.Equal(ScalarType.Float64, first["weight"].dtype); // Python floats collate to float64, as default_collate
        Assert.Equal(["s0", "s1", "s2", "s3"], first.Keys);
        Assert.False(first.Tensors.ContainsKey("key"));

        var raw = new DatadingsLoader(reader, batchSize: 3, FieldTransforms.DecodeImage("image", float32: false)).First();
        Assert.Equal([3L, 8, 8], raw["image"].shape); // grey uint8 (H, W)
        Assert.Equal(ScalarType.Byte, raw["image"].dtype);
        Assert.Equal(ScalarType.Int64, raw["label"].dtype);
        Assert.Equal([0L, 1, 0], raw["label"].data<long>().ToArray());
        // normalised = (v/255 - 0.5) / 0.25, exactly as from the uint8 pixels
        var expected = (raw["image"][0].to_type(ScalarType.Float32) / 255f - 0.5f) / 0.25f;
        Assert.True(allclose(first["image"][0, 0], expected, rtol: 1e-5, atol: 1e-5));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void Order_for_a_seed_equals_the_Shufflers_and_epochs_advance()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 23));
        var loader = new DatadingsLoader(new Shuffler(reader, seed: 5), batchSize: 5);
        var shuffler = new Shuffler(reader, seed: 5);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(epoch, loader.Epoch);
            var keys = loader.SelectMany(b => b.Keys).ToList();
            Assert.Equal(shuffler.Select(s => s.Key), keys); // the shuffler's pass = its epoch
        }
        Assert.Equal(2, loader.Epoch);
        loader.Epoch = 0; // resuming: the same epoch gives the same order
        var again = new Shuffler(reader, seed: 5).Select(s => s.Key);
        Assert.Equal(again, loader.SelectMany(b => b.Keys));

        var quasi = new DatadingsLoader(new QuasiShuffler(reader, bufferSize: 0.5, chunkSize: 2, seed: 3), batchSize: 4);
        Assert.Equal(new QuasiShuffler(reader, bufferSize: 0.5, chunkSize: 2, seed: 3).Select(s => s.Key), quasi.SelectMany(b => b.Keys));
    }

    [Fact]
    public void Other_augments_give_one_pass_per_epoch()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 7));
        var range = new DatadingsLoader(new SampleRange(reader, 2, 5), batchSize: 2);
        for (int epoch = 0; epoch < 2; epoch++)
            Assert.Equal(["s2", "s3", "s4"], range.SelectMany(b => b.Keys));
        var repeater = new DatadingsLoader(new Repeater(reader, 2), batchSize: 4);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => $"s{i % 7}"), repeater.SelectMany(b => b.Keys));
        var cycler = new DatadingsLoader(new Cycler(reader), batchSize: 3, workers: 2); // endless, yet one pass per epoch
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"s{i}"), cycler.SelectMany(b => b.Keys));
        Assert.Equal(1, cycler.Epoch);
    }

    [Fact]
    public void Two_ranks_of_the_distributed_sampler_cover_the_dataset_disjointly()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 20));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var ranks = Enumerable.Range(0, 2)
                .Select(rank => new DatadingsLoader(new DistributedShuffler(reader, rank, 2, seed: 9), batchSize: 3) { Epoch = epoch })
                .Select(loader => loader.SelectMany(b => b.Indices).ToList()).ToList();
            Assert.Equal(10, ranks[0].Count);
            Assert.Equal(10, ranks[1].Count);
            Assert.Empty(ranks[0].Intersect(ranks[1]));
            Assert.Equal(Enumerable.Range(0, 20), ranks[0].Concat(ranks[1]).Order());
        }
    }

    [Fact]
    public void Worker_count_does_not_change_batches()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 30));
        var augment = FieldTransforms.Compose(
            FieldTransforms.Augment(new ImageAugmentation("image").RandomCrop(6, 6).RandomHorizontalFlip().ToFloat32()),
            FieldTransforms.OneHot("label", 2));
        List<(List<string> Keys, float[] Images)> Run(int workers)
        {
            var loader = new DatadingsLoader(new Shuffler(reader, seed: 1), batchSize: 4, augment, seed: 7, workers: workers);
            var result = new List<(List<string>, float[])>();
            for (int epoch = 0; epoch < 2; epoch++)
                foreach (var batch in loader)
                    using (batch)
                        result.Add((batch.Keys.ToList(), batch["image"].data<float>().ToArray()));
            return result;
        }
        var serial = Run(0);
        Assert.Equal(16, serial.Count); // 2 epochs × ⌈30/4⌉
        Assert.NotEqual(serial[0].Images, serial[8].Images); // epochs differ: new order, new crops
        foreach (int workers in new[] { 1, 3 })
        {
            var parallel = Run(workers);
            Assert.Equal(serial.Select(b => b.Keys), parallel.Select(b => b.Keys));
            Assert.Equal(serial.Select(b => b.Images), parallel.Select(b => b.Images));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void An_undecodable_image_names_dataset_key_and_field(int workers)
    {
        var path = SmallDatasets.Write(_folder, 9, "broken", i => i == 6 ? "not an image at all"u8.ToArray() : null);
        using var reader = new DatasetReader(path);
        var loader = new DatadingsLoader(reader, batchSize: 4, DecodeAndOneHot, workers: workers);
        var e = Assert.Throws<SampleTransformException>(() => loader.ToList());
        Assert.StartsWith("dataset 'broken': sample 's6', field 'image': ", e.Message);
        Assert.Equal(("broken", "s6", "image"), (e.Dataset, e.Key, e.Field));

        var map = new DatadingsDataset(reader, DecodeAndOneHot);
        Assert.Contains("sample 's6', field 'image'", Assert.Throws<SampleTransformException>(() => map.GetTensor(6)).Message);
        var badLabel = new DatadingsDataset(reader, FieldTransforms.OneHot("label", 1));
        Assert.Equal("dataset 'broken': sample 's1', field 'label': label 1 is outside 0..0",
            Assert.Throws<SampleTransformException>(() => badLabel.GetTensor(1)).Message);
    }

    [Fact]
    public void Map_style_dataset_gives_per_sample_tensors_and_works_with_TorchSharps_DataLoader()
    {
        using var reader = new DatasetReader(SmallDatasets.Write(_folder, 6));
        using var dataset = new DatadingsDataset(reader, FieldTransforms.DecodeImage("image"));
        Assert.Equal(6, dataset.Count);
        var item = dataset.GetTensor(3);
        Assert.Equal([1L, 8, 8], item["image"].shape);
        Assert.Equal(1L, item["label"].item<long>());
        using var loader = utils.data.DataLoader(dataset, batchSize: 4, shuffle: false, disposeBatch: false, disposeDataset: false);
        var batch = loader.First();
        Assert.Equal([4L, 1, 8, 8], batch["image"].shape);
        Assert.Equal([0L, 1, 0, 1], batch["label"].data<long>().ToArray());
    }
}
