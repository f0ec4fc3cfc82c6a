using Datadings.Hashing;
using Datadings.IndexFiles;
using Datadings.Tests.Support;

namespace Datadings.Tests.IndexFiles;

public class KeyHashesFileTests
{
    private const string FileName = "d.msgpack.key_hashes";

    [Theory]
    [MemberData(nameof(DatasetVectors.Names), MemberType = typeof(DatasetVectors))]
    public void WritesEveryDatasetsFileByteForByte(string dataset)
    {
        byte[] expected = DatasetVectors.IndexFile(dataset, ".key_hashes");
        Assert.Equal(expected, KeyHashesFile.Serialize(KeyHashing.Compute(DatasetVectors.Keys(dataset))));
    }

    [Theory]
    [MemberData(nameof(DatasetVectors.Names), MemberType = typeof(DatasetVectors))]
    public void ParsesEveryDatasetsFile(string dataset)
    {
        byte[] file = DatasetVectors.IndexFile(dataset, ".key_hashes");
        string[] keys = DatasetVectors.Keys(dataset);

        KeyHashes parsed = KeyHashesFile.Parse(file, FileName, keys.Length);

        Assert.Equal(file[..8], parsed.Salt);
        Assert.Equal(keys.Select(k => KeyHashing.HashKey(k, parsed.Salt)), parsed.Hashes);
        Assert.Equal(file, KeyHashesFile.Serialize(parsed));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void ShorterThanTheSaltIsAFormatError(int length)
    {
        var error = Assert.Throws<DatadingsFormatException>(() => KeyHashesFile.Parse(new byte[length], FileName));
        Assert.Equal(FileName, error.FilePath);
        Assert.Equal(length, error.Offset);
        Assert.Contains("8-byte salt", error.Message);
    }

    [Theory]
    [InlineData(9, 8)]
    [InlineData(23, 16)]
    [InlineData(31, 24)]
    public void PartialTrailingEntryIsAFormatErrorAtItsStart(int length, int partialEntryStart)
    {
        var error = Assert.Throws<DatadingsFormatException>(() => KeyHashesFile.Parse(new byte[length], FileName));
        Assert.Equal(FileName, error.FilePath);
        Assert.Equal(partialEntryStart, error.Offset);
        Assert.Contains("8 + 8·n", error.Message);
    }

    [Fact]
    public void TooFewHashesForTheDataset()
    {
        byte[] file = DatasetVectors.IndexFile("two", ".key_hashes");
        var error = Assert.Throws<DatadingsFormatException>(() => KeyHashesFile.Parse(file, FileName, expectedCount: 3));
        Assert.Equal(file.Length, error.Offset);
        Assert.Contains("2 hashes", error.Message);
        Assert.Contains("3 samples", error.Message);
    }

    [Fact]
    public void TooManyHashesForTheDataset()
    {
        byte[] file = DatasetVectors.IndexFile("two", ".key_hashes");
        var error = Assert.Throws<DatadingsFormatException>(() => KeyHashesFile.Parse(file, FileName, expectedCount: 1));
        Assert.Equal(16, error.Offset);
        Assert.Contains("2 hashes", error.Message);
        Assert.Contains("1 samples", error.Message);
    }
}
