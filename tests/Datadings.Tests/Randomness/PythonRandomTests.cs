using System.Numerics;
using Datadings.Randomness;
using Datadings.Tests.Support;

namespace Datadings.Tests.Randomness;

public class PythonRandomTests
{
    public static TheoryData<string> GetRandBitsCases => AlgorithmVectors.Cases("python_random_getrandbits32");

    private static (BigInteger Seed, uint[] Words) Vector(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        uint[] words = v.GetProperty("first_5_getrandbits32").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        return (BigInteger.Parse(v.Str("seed")), words);
    }

    [Theory]
    [MemberData(nameof(GetRandBitsCases))]
    public void FirstOutputsMatchCPython(string json)
    {
        (BigInteger seed, uint[] expected) = Vector(json);

        var random = new PythonRandom(seed);
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => random.NextUInt32()));

        var viaGetRandBits = new PythonRandom(seed);
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => (uint)viaGetRandBits.GetRandBits(32)));
    }

    [Theory]
    [MemberData(nameof(GetRandBitsCases))]
    public void SignOfTheSeedIsIgnored(string json)
    {
        (BigInteger seed, uint[] expected) = Vector(json);
        Assert.Equal(expected[0], new PythonRandom(-seed).NextUInt32());
    }

    [Theory]
    [MemberData(nameof(GetRandBitsCases))]
    public void LongAndBigIntegerSeedsAgree(string json)
    {
        (BigInteger seed, uint[] expected) = Vector(json);
        Assert.Equal(expected[0], new PythonRandom((long)seed).NextUInt32());
    }

    [Theory]
    [MemberData(nameof(GetRandBitsCases))]
    public void FewerThan32BitsAreTheTopBitsOfAWord(string json)
    {
        (BigInteger seed, uint[] words) = Vector(json);
        var random = new PythonRandom(seed);
        Assert.Equal(words[0] >> 31, random.GetRandBits(1));
        Assert.Equal(words[1] >> 25, random.GetRandBits(7));
        Assert.Equal(words[2] >> 1, random.GetRandBits(31));
    }

    [Theory]
    [MemberData(nameof(GetRandBitsCases))]
    public void MoreThan32BitsFillLeastSignificantWordFirst(string json)
    {
        (BigInteger seed, uint[] words) = Vector(json);
        var random = new PythonRandom(seed);
        Assert.Equal(((ulong)words[1] << 32) | words[0], random.GetRandBits(64));
        // The most significant (second) word is the one shortened to the remaining 8 bits.
        Assert.Equal(((ulong)(words[3] >> 24) << 32) | words[2], random.GetRandBits(40));
    }

    [Fact]
    public void RandBelowRedrawsWhenTheValueIsOutOfRange()
    {
        // Seed 0's published words: randbelow(3) draws bit_length(3) = 2 bits per word. The first word's top
        // two bits are 3 (rejected), the second's are 1 (kept); the third word is then the next output.
        uint[] words = [3626764237, 1654615998, 3255389356];
        Assert.Equal(3u, words[0] >> 30);

        var random = new PythonRandom(0);
        Assert.Equal(words[1] >> 30, (ulong)random.RandBelow(3));
        Assert.Equal(words[2], random.NextUInt32());
    }

    [Fact]
    public void RandBelowOneStillDrawsUntilTheBitIsZero()
    {
        // randbelow(1) draws 1 bit per word: seed 0's first word has its top bit set (rejected), the second
        // does not, so two words are consumed, exactly as in CPython.
        var random = new PythonRandom(0);
        Assert.Equal(0, random.RandBelow(1));
        Assert.Equal(3255389356u, random.NextUInt32());
    }

    [Fact]
    public void RandBelowWorksForWideBounds()
    {
        // bit_length(2^40 + 1) = 41 bits = two words; the value is below 2^41, mostly accepted at once.
        var random = new PythonRandom(10);
        long n = (1L << 40) + 1;
        long value = random.RandBelow(n);
        Assert.InRange(value, 0, n - 1);
    }

    [Fact]
    public void NextDoubleMatchesCPythonRandom()
    {
        // random.seed(0); random.random() and random.seed(42); random.random(), CPython's well-known values,
        // which also follow from seed 0's first two published words: (w0>>5)·2^26 + (w1>>6), over 2^53.
        Assert.Equal(0.8444218515250481, new PythonRandom(0).NextDouble());
        Assert.Equal(0.6394267984578837, new PythonRandom(42).NextDouble());
        Assert.Equal(((3626764237u >> 5) * 67108864.0 + (1654615998u >> 6)) / 9007199254740992.0, new PythonRandom(0).NextDouble());
    }

    [Fact]
    public void UniformScalesNextDouble()
    {
        double u = new PythonRandom(0).NextDouble();
        Assert.Equal(2.0 + 3.0 * u, new PythonRandom(0).Uniform(2.0, 5.0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void GetRandBitsRejectsBadWidths(int k)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonRandom(1).GetRandBits(k));
    }

    [Fact]
    public void RandBelowRejectsNonPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonRandom(1).RandBelow(0));
    }
}
