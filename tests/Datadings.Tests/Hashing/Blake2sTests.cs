using System.Buffers.Binary;
using Datadings.Hashing;
using Datadings.Tests.Support;

namespace Datadings.Tests.Hashing;

public class Blake2sTests
{
    [Fact]
    public void Rfc7693AppendixB_abc()
    {
        var expected = Convert.FromHexString("508C5E8C327C14E2E1A72BA34EEB452F37458B209ED63A294D999B4C86675982");
        Assert.Equal(expected, Blake2s.Hash("abc"u8));
    }

    /// <summary>
    /// RFC 7693 Appendix E: a grand hash over keyed and unkeyed digests of several lengths of several
    /// inputs. The input lengths straddle the 64-byte block boundary (0, 3, 64, 65, 255, 1024), so this
    /// also pins down the last-block and counter handling.
    /// </summary>
    [Fact]
    public void Rfc7693AppendixE_SelfTest()
    {
        var expected = Convert.FromHexString("6A411F08CE25ADCDFB02ABA641451CEC53C598B24F4FC787FBDC88797F4C1DFE");
        int[] digestLengths = [16, 20, 28, 32];
        int[] inputLengths = [0, 3, 64, 65, 255, 1024];

        var transcript = new List<byte>();
        foreach (int outLen in digestLengths)
        {
            foreach (int inLen in inputLengths)
            {
                byte[] input = SelfTestSequence(inLen, (uint)inLen);
                var md = new byte[outLen];
                Blake2s.HashCore(input, md, salt: default, key: default);
                transcript.AddRange(md);

                byte[] key = SelfTestSequence(outLen, (uint)outLen);
                Blake2s.HashCore(input, md, salt: default, key: key);
                transcript.AddRange(md);
            }
        }

        Assert.Equal(expected, Blake2s.Hash(transcript.ToArray()));
    }

    // The deterministic Fibonacci-like byte generator of RFC 7693 Appendix E (selftest_seq).
    private static byte[] SelfTestSequence(int length, uint seed)
    {
        var output = new byte[length];
        uint a = 0xDEAD4BAD * seed, b = 1;
        for (int i = 0; i < length; i++)
        {
            uint t = a + b;
            a = b;
            b = t;
            output[i] = (byte)(t >> 24);
        }
        return output;
    }

    public static TheoryData<string> HashStringCases => AlgorithmVectors.Cases("hash_string");

    [Theory]
    [MemberData(nameof(HashStringCases))]
    public void HashStringVectors_FullDigest(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        byte[] data = AlgorithmVectors.Hex(v.Str("key_utf8_hex"));
        byte[] salt = AlgorithmVectors.Hex(v.Str("salt_hex"));

        Assert.Equal(AlgorithmVectors.Hex(v.Str("full_blake2s_32_hex")), Blake2s.Hash(data, salt));
        Assert.Equal(v.U64("hash_u64"), Blake2s.Hash64(data, salt));
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(AlgorithmVectors.Hex(v.Str("hash_8bytes_hex"))), Blake2s.Hash64(data, salt));
    }

    [Fact]
    public void AllZeroSaltEqualsNoSalt()
    {
        Assert.Equal(Blake2s.Hash("a"u8), Blake2s.Hash("a"u8, new byte[8]));
    }

    [Fact]
    public void ShortDigestIsNotATruncationOfTheLongOne()
    {
        // The digest length is part of the parameter block, so a 16-byte digest differs from the
        // first 16 bytes of the 32-byte one; guards against ignoring digest.Length in the setup.
        Span<byte> short16 = stackalloc byte[16];
        Blake2s.Hash("abc"u8, short16);
        Assert.NotEqual(Blake2s.Hash("abc"u8)[..16], short16.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void RejectsBadDigestSize(int size)
    {
        // Passed as Span<byte>: a byte[] argument would bind to the (data, salt) overload.
        Assert.Throws<ArgumentException>(() => Blake2s.Hash("x"u8, new byte[size].AsSpan()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(16)]
    public void RejectsBadSaltSize(int size)
    {
        var salt = new byte[size];
        Assert.Throws<ArgumentException>(() => Blake2s.Hash("x"u8, salt));
        Assert.Throws<ArgumentException>(() => Blake2s.Hash64("x"u8, salt));
    }
}
