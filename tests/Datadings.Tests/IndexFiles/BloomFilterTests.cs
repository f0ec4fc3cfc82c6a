using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Datadings.IndexFiles;
using Datadings.Tests.Support;

namespace Datadings.Tests.IndexFiles;

public class BloomFilterTests
{
    private const string FileName = "d.msgpack.filter";

    public static TheoryData<string> ParamCases => AlgorithmVectors.Cases("bloom_params");

    [Theory]
    [MemberData(nameof(ParamCases))]
    public void Parameters(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        int n = v.Int("num_elements");
        double p = double.Parse(v.Str("false_positive_prob"), CultureInfo.InvariantCulture);
        Assert.Equal(1.0 / n, p); // datadings' default, as written by the reference

        var filter = new BloomFilter(n, p);

        Assert.Equal(v.Int("num_bits"), filter.NumBits);
        Assert.Equal(v.Int("num_hashes"), filter.NumHashes);
        Assert.Equal(v.Int("filter_file_size"), BloomFilter.HeaderSize + filter.NumBytes);
        if (n <= 100_000)
            Assert.Equal(v.Int("filter_file_size"), filter.ToFileBytes().Length);
    }

    public static TheoryData<string> BitIndexCases => AlgorithmVectors.Cases("bloom_bit_indices");

    [Theory]
    [MemberData(nameof(BitIndexCases))]
    public void BitIndices(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        byte[] key = Encoding.UTF8.GetBytes(v.Str("key"));
        var filter = BloomFilter.ForCount(v.Int("num_elements"));

        Assert.Equal((v.U64("h1"), v.U64("h2")), BloomFilter.BaseHashes(key));
        long[] expected = v.GetProperty("bit_indices").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(expected, filter.BitIndices(key));
    }

    [Theory]
    [MemberData(nameof(DatasetVectors.Names), MemberType = typeof(DatasetVectors))]
    public void ReproducesEveryDatasetsFilterByteForByte(string dataset)
    {
        string[] keys = DatasetVectors.Keys(dataset);
        var filter = BloomFilter.ForKeys(keys);

        Assert.Equal(DatasetVectors.IndexFile(dataset, ".filter"), filter.ToFileBytes());
        Assert.All(keys, key => Assert.True(filter.MightContain(key)));
    }

    [Fact]
    public void TwoSampleFilterFromTheFormatHexDump()
    {
        // FORMAT.md §9.1: "a" sets bits 7,6,5 and "b" bits 6,2,6.
        var filter = BloomFilter.ForKeys(["a", "b"]);
        Assert.Equal(
            Convert.FromHexString("53494d50424c4f4f" + "0000000000000021" + "0000000000000002" + "3fe0000000000000" + "e4"),
            filter.ToFileBytes());
    }

    private static readonly Lazy<string[]> SimpleBloomElements = new(() =>
    {
        // simplebloom's test reads elements.gz in text mode and strips each line.
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(SharedVectors.SimpleBloom, "elements.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line.Trim());
        return lines.ToArray();
    });

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(10000)]
    [InlineData(100000)]
    public void ReproducesSimpleBloomsReferenceFilters(int n)
    {
        string[] elements = SimpleBloomElements.Value[..n];
        var filter = new BloomFilter(n, 1.0 / n);
        foreach (string element in elements)
            filter.Add(element);

        byte[] reference = File.ReadAllBytes(Path.Combine(SharedVectors.SimpleBloom, $"bloom_{n}.filter"));
        Assert.Equal(reference, filter.ToFileBytes());

        var loaded = BloomFilter.Load(reference, $"bloom_{n}.filter");
        Assert.All(elements, e => Assert.True(loaded.MightContain(e)));
    }

    [Fact]
    public void FalsePositiveRateIsRoughlyAsConfigured()
    {
        string[] elements = SimpleBloomElements.Value;
        var filter = new BloomFilter(1000, 0.01);
        foreach (string element in elements[..1000])
            filter.Add(element);
        int falsePositives = elements[1000..21000].Count(filter.MightContain);
        Assert.InRange(falsePositives, 1, 20000 * 0.02);
    }

    [Fact]
    public void LoadRoundTripsAndWriteToMatchesToFileBytes()
    {
        byte[] file = DatasetVectors.IndexFile("mixed1000", ".filter");
        var loaded = BloomFilter.Load(file, FileName);

        Assert.Equal(1000, loaded.NumElements);
        Assert.Equal(0.001, loaded.FalsePositiveProbability);
        Assert.Equal(14384, loaded.NumBits);
        Assert.Equal(10, loaded.NumHashes);
        Assert.Equal(file, loaded.ToFileBytes());
        using var stream = new MemoryStream();
        loaded.WriteTo(stream);
        Assert.Equal(file, stream.ToArray());
        Assert.False(loaded.MightContain("1000"));
    }

    [Fact]
    public void LoadRejectsBadMagic()
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes();
        file[0] = (byte)'X';
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, 0, "SIMPBLOO");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(31)]
    public void LoadRejectsTruncatedHeader(int length)
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes()[..length];
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, length, "32-byte header");
    }

    [Fact]
    public void LoadRejectsStoredLengthThatIsNotTheFileLength()
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes();
        byte[] truncated = file[..32];
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(truncated, FileName));
        AssertLocated(error, 8, "33 bytes long, but it is 32 bytes");
    }

    [Fact]
    public void LoadRejectsLengthThatDisagreesWithTheParameters()
    {
        // A self-consistent 34-byte file whose header claims n = 2, p = 0.5 (which needs 33 bytes).
        byte[] file = new byte[34];
        BloomFilter.ForCount(2).ToFileBytes().CopyTo(file, 0);
        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(8), 34);
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, 8, "imply 32 + 1 = 33 bytes");
    }

    [Fact]
    public void LoadRejectsZeroElements()
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes();
        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(16), 0);
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, 16, "num_elements is 0");
    }

    [Fact]
    public void LoadRejectsParametersImplyingAnImpossibleSize()
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes();
        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(16), 1UL << 62);
        BinaryPrimitives.WriteDoubleBigEndian(file.AsSpan(24), 1e-300);
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, 16, "impossibly large filter");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void LoadRejectsProbabilityOutsideZeroOne(double p)
    {
        byte[] file = BloomFilter.ForCount(2).ToFileBytes();
        BinaryPrimitives.WriteDoubleBigEndian(file.AsSpan(24), p);
        var error = Assert.Throws<DatadingsFormatException>(() => BloomFilter.Load(file, FileName));
        AssertLocated(error, 24, "strictly between 0 and 1");
    }

    [Theory]
    [InlineData(0L, 0.5)]
    [InlineData(2L, 0.0)]
    [InlineData(2L, 1.0)]
    public void ConstructorRejectsBadParameters(long n, double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(n, p));
    }

    [Fact]
    public void ForCountUsesAtLeastTwoElements()
    {
        var filter = BloomFilter.ForCount(0);
        Assert.Equal(2, filter.NumElements);
        Assert.Equal(0.5, filter.FalsePositiveProbability);
        // FORMAT.md §9.2: the empty dataset's filter.
        Assert.Equal(DatasetVectors.IndexFile("empty", ".filter"), filter.ToFileBytes());
    }

    private static void AssertLocated(DatadingsFormatException error, long offset, string expectedText)
    {
        Assert.Equal(FileName, error.FilePath);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(expectedText, error.Message);
    }
}
