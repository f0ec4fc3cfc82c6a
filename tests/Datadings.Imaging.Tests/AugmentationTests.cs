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
