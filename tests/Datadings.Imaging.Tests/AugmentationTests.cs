using Datadings.Augments;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Imaging.Tests;

public sealed class AugmentationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-augment-").FullName;

    /// <summary>A dataset of 10 real photos (PNG/JPEG bytes) with labels.</summary>
    private string PhotoDataset()
    {
        var path = Path.Combine(_folder, "photos.msgpack");
        string[] names = ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png"];
        using var writer = new DatasetWriter(path);
        for (int i = 0; i < 10; i++)
            writer.Write(new Sample($"p{i}") { ["image"] = Photos.Bytes(names[i % names.Length]), ["label"] = (long)(i % 3) });
        writer.Complete();
        return path;
    }

    [Fact]
    public void Randomness_depends_only_on_seed_epoch_and_sample_index()
    {
        var a = new SampleRandom(1, 2, 3);
        var b = new SampleRandom(1, 2, 3);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => a.NextUInt64()), Enumerable.Range(0, 5).Select(_ => b.NextUInt64()));
        Assert.NotEqual(new SampleRandom(1, 2, 3).NextUInt64(), new SampleRandom(1, 3, 3).NextUInt64());
        Assert.NotEqual(new SampleRandom(1, 2, 3).NextUInt64(), new SampleRandom(1, 2, 4).NextUInt64());
        var r = new SampleRandom(7, 0, 0);
        var counts = new int[3];
        for (int i = 0; i < 30_000; i++) counts[r.Next(3)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Two_workers_in_different_orders_augment_each_sample_identically_and_batches_collate_arrays()
    {
        using var reader = new DatasetReader(PhotoDataset());
        var augment = new ImageAugmentation("image").RandomCrop(96, 80).RandomHorizontalFlip();
        var forward = reader.Augmented(Enumerable.Range(0, 10), augment.Apply, seed: 5, epoch: 1).ToDictionary(s => s.Key, s => ((NdArray)s["image"]!).Data.ToArray());
        var backward = reader.Augmented(Enumerable.Range(0, 10).Reverse(), augment.Apply, seed: 5, epoch: 1).ToDictionary(s => s.Key, s => ((NdArray)s["image"]!).Data.ToArray());
        foreach (var key in forward.Keys) Assert.Equal(forward[key], backward[key]);
        var nextEpoch = reader.Augmented(Enumerable.Range(0, 10), augment.Apply, seed: 5, epoch: 2).ToDictionary(s => s.Key, s => ((NdArray)s["image"]!).Data.ToArray());
        Assert.Contains(forward.Keys, k => !forward[k].SequenceEqual(nextEpoch[k]));

        // Shuffled order, batches of 4 keeping the last (4, 4, 2), then dropping it (4, 4).
        var shuffler = new Shuffler(reader, seed: 3);
        var batches = shuffler.Augmented(augment.Apply, seed: 5, epoch: 1).Batches(4).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        var images = batches[0].Array("image");
        Assert.Equal([4L, 80L, 96L, 3L], images.Shape);
        Assert.Equal("|u1", images.Dtype);
        Assert.Equal(forward[batches[0].Samples[1].Key], images.Data.Slice(80 * 96 * 3, 80 * 96 * 3).ToArray());
        Assert.Equal(batches[0].Samples.Select(s => s["label"]), Assert.IsType<List<object?>>(batches[0]["label"]));
        Assert.Equal([4, 4], reader.Augmented(Enumerable.Range(0, 10), augment.Apply, 5, 1).Batches(4, dropLast: true).Select(b => b.Count));
    }

    [Fact]
    public void A_grey_photo_among_colour_ones_is_named_in_the_error_and_Rgb_makes_every_sample_3_channels()
    {
        // camera.png is grey: with a 3-value mean it cannot be normalised as it is.
        var path = Path.Combine(_folder, "mixed.msgpack");
        using (var writer = new DatasetWriter(path))
        {
            writer.Write(new Sample("colour") { ["image"] = Photos.Bytes("coffee.png") });
            writer.Write(new Sample("grey") { ["image"] = Photos.Bytes("camera.png") });
            writer.Complete();
        }
        using var reader = new DatasetReader(path);
        double[] mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
        var plain = new ImageAugmentation("image").RandomCrop(64, 64).ToFloat32(mean, std);
        var e = Assert.Throws<ArgumentException>(() => reader.Augmented(Enumerable.Range(0, 2), plain.Apply, 1, 0).ToList());
        Assert.Equal("sample 'grey', field 'image': the image has 1 channel(s) but mean and std have 3 and 3 values: add .Rgb() before ToFloat32 for grey or transparent images among colour ones", e.Message);

        var rgb = new ImageAugmentation("image").Rgb().RandomCrop(64, 64).ToFloat32(mean, std);
        var batch = Assert.Single(reader.Augmented(Enumerable.Range(0, 2), rgb.Apply, 1, 0).Batches(2));
        Assert.Equal([2L, 3L, 64L, 64L], batch.Array("image").Shape);
        // The grey sample's three planes are the same grey, each normalised by its own channel's mean/std.
        var grey = batch.Array("image").ToArray<float>().AsSpan(3 * 64 * 64);
        for (int i = 0; i < 64 * 64; i += 97)
            Assert.Equal(grey[i] * std[0] + mean[0], grey[2 * 64 * 64 + i] * std[2] + mean[2], 4);

        var tooBig = new ImageAugmentation("image").RandomCrop(4000, 10);
        Assert.StartsWith("sample 'colour', field 'image': a random crop of 4000x10 does not fit the ",
            Assert.Throws<ArgumentException>(() => reader.Augmented([0], tooBig.Apply, 1, 0).ToList()).Message);
    }

    [Fact]
    public void Arrays_of_different_shapes_stay_lists()
    {
        var samples = new[]
        {
            new Sample("a") { ["x"] = NdArray.From(new float[6], 2, 3) },
            new Sample("b") { ["x"] = NdArray.From(new float[4], 2, 2) },
        };
        var batch = Batching.Collate(samples);
        Assert.Equal(2, Assert.IsType<List<object?>>(batch["x"]).Count);
        Assert.Throws<InvalidOperationException>(() => batch.Array("x"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
