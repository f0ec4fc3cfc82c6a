using System.Buffers.Binary;
using System.Text;
using Datadings.Hashing;
using Datadings.Tests.Support;

namespace Datadings.Tests.Hashing;

public class KeyHashingTests
{
    // FORMAT.md §5.1, table of reference hashes.
    [Theory]
    [InlineData("0", "652e530edee5893b", "51868c9b16fdf06c")]
    [InlineData("a", "652e530edee5893b", "953ffc3d1368ba74")]
    [InlineData("ключ", "652e530edee5893b", "fc84247df0c95b0d")]
    [InlineData("b", "652e530edee5893b", "72f9046833a27982")]
    [InlineData("a", "625851e3876e6e6d", "58653523b13e8d39")]
    [InlineData("0", "", "652e530edee5893b")]
    [InlineData("a", "", "4a0d129873403037")]
    public void FormatTable(string key, string saltHex, string hashHex)
    {
        ulong expected = BinaryPrimitives.ReadUInt64BigEndian(Convert.FromHexString(hashHex));
        Assert.Equal(expected, KeyHashing.HashKey(key, Convert.FromHexString(saltHex)));
    }

    public static TheoryData<string> HashStringCases => AlgorithmVectors.Cases("hash_string");

    [Theory]
    [MemberData(nameof(HashStringCases))]
    public void HashStringVectors(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        string key = v.Str("key");
        byte[] salt = AlgorithmVectors.Hex(v.Str("salt_hex"));

        Assert.Equal(v.Str("key_utf8_hex"), Convert.ToHexStringLower(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(v.U64("hash_u64"), KeyHashing.HashKey(key, salt));
        Assert.Equal(v.U64("hash_u64"), KeyHashing.HashKey(Encoding.UTF8.GetBytes(key), salt));
    }

    [Fact]
    public void LongKeysTakeThePooledPathAndHashTheSame()
    {
        // 400 three-byte chars (1200 UTF-8 bytes) does not fit the stack buffer.
        string key = new('\u043a', 400);
        byte[] salt = KeyHashing.SaltCandidate(0);
        Assert.Equal(Blake2s.Hash64(Encoding.UTF8.GetBytes(key), salt), KeyHashing.HashKey(key, salt));
    }

    [Fact]
    public void LoneSurrogateIsRejectedLikePython()
    {
        Assert.ThrowsAny<ArgumentException>(() => KeyHashing.HashKey("a\ud800b", default));
    }

    public static TheoryData<string> SaltCandidateCases => AlgorithmVectors.Cases("salt_candidates");

    [Theory]
    [MemberData(nameof(SaltCandidateCases))]
    public void SaltCandidates(string json)
    {
        var v = AlgorithmVectors.Parse(json);
        Assert.Equal(AlgorithmVectors.Hex(v.Str("salt_hex")), KeyHashing.SaltCandidate(v.Int("salt_int")));
    }

    [Fact]
    public void ComputeUsesSaltZeroWhenThereIsNoCollision()
    {
        KeyHashes result = KeyHashing.Compute(["a", "b"]);
        // FORMAT.md §9.1: two.msgpack.key_hashes.
        Assert.Equal(Convert.FromHexString("652e530edee5893b"), result.Salt);
        Assert.Equal([0x953ffc3d1368ba74UL, 0x72f9046833a27982UL], result.Hashes);
    }

    [Fact]
    public void ComputeOfNoKeysIsJustTheSalt()
    {
        KeyHashes result = KeyHashing.Compute([]);
        Assert.Equal(Convert.FromHexString("652e530edee5893b"), result.Salt);
        Assert.Empty(result.Hashes);
    }

    [Fact]
    public void CollisionAdvancesTheSalt()
    {
        byte[] firstSalt = KeyHashing.SaltCandidate(0);
        byte[] thirdSalt = KeyHashing.SaltCandidate(2);
        var saltsTried = new List<string>();

        // Every key collides under salts 0 and 1; salt 2 hashes normally.
        KeyHashes result = KeyHashing.Compute(["x", "y", "z"], (key, salt) =>
        {
            saltsTried.Add(Convert.ToHexStringLower(salt));
            return salt.SequenceEqual(thirdSalt) ? KeyHashing.HashKey(key, salt) : 42UL;
        });

        Assert.Equal(thirdSalt, result.Salt);
        Assert.Equal(new[] { "x", "y", "z" }.Select(k => KeyHashing.HashKey(k, thirdSalt)), result.Hashes);
        // Salt 0 stops at the second key (first collision), salt 1 likewise, salt 2 hashes all three.
        Assert.Equal(2 + 2 + 3, saltsTried.Count);
        Assert.Equal(Convert.ToHexStringLower(firstSalt), saltsTried[0]);
    }

    [Fact]
    public void GivesUpAfterAThousandSalts()
    {
        int calls = 0;
        var error = Assert.Throws<InvalidOperationException>(() =>
            KeyHashing.Compute(["x", "y"], (_, _) => { calls++; return 7UL; }));
        Assert.Contains("1000 salts", error.Message);
        Assert.Equal(2 * KeyHashing.MaxSaltTries, calls);
    }

    [Theory]
    [MemberData(nameof(DatasetVectors.Names), MemberType = typeof(DatasetVectors))]
    public void ReproducesEveryDatasetsKeyHashes(string dataset)
    {
        string[] keys = DatasetVectors.Keys(dataset);
        KeyHashes result = KeyHashing.Compute(keys);
        byte[] file = DatasetVectors.IndexFile(dataset, ".key_hashes");
        Assert.Equal(file[..8], result.Salt);
        Assert.Equal(file.Length, 8 + 8 * result.Count);
        for (int i = 0; i < result.Count; i++)
            Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(8 + 8 * i)), result.Hashes[i]);
    }

    [Fact]
    public void HashingAKeyDoesNotAllocate()
    {
        // Writers hash millions of keys; a per-call allocation would show up as GC pressure.
        byte[] salt = KeyHashing.SaltCandidate(0);
        string key = "train/n01440764/n01440764_10026.JPEG";
        KeyHashing.HashKey(key, salt); // JIT warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong sink = 0;
        for (int i = 0; i < 1000; i++)
            sink ^= KeyHashing.HashKey(key, salt);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(KeyHashing.HashKey(key, salt) * 0, sink * 0); // keeps the loop observable
    }
}
