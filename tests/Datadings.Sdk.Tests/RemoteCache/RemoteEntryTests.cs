using Datadings.Caching;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>A manifest's counts are what a pull records in its stamp: they must agree with the files the entry lists.</summary>
public sealed class RemoteEntryTests
{
    private static RemoteEntry Entry(int samples, long dataBytes, long offsetsBytes) => new(samples, 1, 0,
        [new RemoteDataFile("d.msgpack", samples, dataBytes)],
        [new RemoteFile("d.msgpack", 40, new string('a', 32)), new RemoteFile("d.msgpack.offsets", offsetsBytes, new string('b', 32))],
        new Dictionary<string, string>());

    [Fact]
    public void Counts_that_match_the_offsets_and_data_sizes_pass() => Entry(4, 40, 40).CheckDataFiles("e");

    [Theory]
    [InlineData(5, 40, 40, "says 5 samples but its d.msgpack.offsets has 40 bytes, expected 48")]
    [InlineData(-1, 40, 0, "says -1 samples")]
    [InlineData(4, 41, 40, "says 41 bytes but the entry lists its file with 40 bytes")]
    public void Counts_that_disagree_with_the_listed_files_are_corrupt(int samples, long dataBytes, long offsetsBytes, string message)
    {
        var e = Assert.Throws<RemoteCacheCorruptException>(() => Entry(samples, dataBytes, offsetsBytes).CheckDataFiles("e"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_data_file_without_its_offsets_file_is_corrupt()
    {
        var entry = new RemoteEntry(4, 1, 0, [new RemoteDataFile("d.msgpack", 4, 40)], [new RemoteFile("d.msgpack", 40, new string('a', 32))], new Dictionary<string, string>());
        Assert.Contains("d.msgpack.offsets is not listed", Assert.Throws<RemoteCacheCorruptException>(() => entry.CheckDataFiles("e")).Message);
    }
}
