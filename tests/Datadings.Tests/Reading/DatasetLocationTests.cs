using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Reading;

public class DatasetLocationTests
{
    private static void Write(string path, params string[] keys)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true });
        foreach (var key in keys) writer.Write(new Sample(key));
        writer.Complete();
    }

    [Fact]
    public void Without_a_copy_beside_the_application_the_build_path_is_used_and_opened()
    {
        using var dir = new TempDir();
        var built = dir.File("train.msgpack");
        Write(built, "a", "b");
        var location = new DatasetLocation("train", "datasets/NoSuchProject-" + Guid.NewGuid().ToString("N") + "/train.msgpack", built, sharded: false);

        Assert.Equal(built, location.Path);
        Assert.Equal(built, (string)location);
        using var reader = location.Open();
        Assert.Equal(["a", "b"], reader.Select(s => s.Key));
    }

    [Fact]
    public void A_copy_beside_the_application_wins_and_sharded_datasets_open_as_one()
    {
        var relative = Path.Combine("datasets", "LocationTest-" + Guid.NewGuid().ToString("N"));
        var copied = Path.Combine(AppContext.BaseDirectory, relative);
        try
        {
            Write(Path.Combine(copied, "train-00000.msgpack"), "a");
            Write(Path.Combine(copied, "train-00001.msgpack"), "b", "c");
            var location = new DatasetLocation("train", relative + "/train-*.msgpack", "/nowhere/train-*.msgpack", sharded: true);

            Assert.Equal(Path.Combine(copied, "train-*.msgpack"), location.Path);
            using var reader = location.Open();
            Assert.IsType<ShardedReader>(reader);
            Assert.Equal(3, reader.Count);
        }
        finally
        {
            Directory.Delete(copied, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_dataset_neither_copied_nor_built_names_both_places_and_the_copy_rule(bool sharded)
    {
        using var dir = new TempDir();
        string file = sharded ? "kept-*.msgpack" : "kept.msgpack";
        var location = new DatasetLocation("kept", "datasets/NoSuchProject-" + Guid.NewGuid().ToString("N") + "/" + file, dir.File(file), sharded);

        var e = Assert.Throws<FileNotFoundException>(() => location.Open());
        Assert.StartsWith($"the dataset 'kept' is neither beside the application ({Path.Combine(AppContext.BaseDirectory, location.RelativePath)}) nor where its dataset project wrote it ({dir.File(file)})", e.Message);
        Assert.Contains("CopyToReferencingProjects=\"true\"", e.Message);
    }
}
