using Datadings.IndexFiles;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Writing;

public class LegacyIndexConverterTests
{
    private static string Reference => Path.Combine(SharedVectors.Datadings, "commands", "convert_index", "legacy.msgpack");

    [Fact]
    public void Converting_the_legacy_vector_reproduces_the_reference_files_and_md5()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        var written = LegacyIndexConverter.Convert(path + ".index");
        Assert.Equal(5, written.Count);
        DatasetAssert.SameFiles(Reference, path);
        Assert.Equal(File.ReadAllBytes(Reference + ".index"), File.ReadAllBytes(path + ".index"));

        using var reader = new DatasetReader(path);
        Assert.False(reader.IsLegacy);
        Assert.Equal(["a", "b", "c"], reader.Keys);
        reader.Verify();
    }

    [Fact]
    public void Output_directory_receives_the_new_index_files()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        var outDir = Path.Combine(dir.Path, "out");
        LegacyIndexConverter.Convert(path, outDir);
        foreach (var suffix in new[] { ".offsets", ".keys", ".key_hashes", ".filter", ".md5" })
            Assert.Equal(File.ReadAllBytes(Reference + suffix), File.ReadAllBytes(Path.Combine(outDir, "legacy.msgpack" + suffix)));
    }

    [Fact]
    public void Existing_new_style_files_are_kept_unless_overwrite()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("legacy");
        LegacyIndexConverter.Convert(path);
        Assert.Contains("already exists", Assert.Throws<IOException>(() => LegacyIndexConverter.Convert(path)).Message);
        LegacyIndexConverter.Convert(path, overwrite: true);
        DatasetAssert.SameFiles(Reference, path);
    }

    [Fact]
    public void A_dataset_without_legacy_index_is_a_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.CopyDataset("two");
        Assert.Contains("no legacy index", Assert.Throws<FileNotFoundException>(() => LegacyIndexConverter.Convert(path)).Message);
    }
}
