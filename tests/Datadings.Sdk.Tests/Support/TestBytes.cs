using System.Security.Cryptography;

namespace Datadings.Sdk.Tests.Support;

/// <summary>Deterministic pseudo-random content and its MD5, so each test knows exactly what must arrive.</summary>
public static class TestBytes
{
    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
