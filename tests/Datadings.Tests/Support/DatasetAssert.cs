namespace Datadings.Tests.Support;

public static class DatasetAssert
{
    public static readonly string[] FileSuffixes = ["", ".offsets", ".keys", ".key_hashes", ".filter", ".md5"];

    /// <summary>Asserts that the six files of two datasets are byte-identical (the .md5 names differ only if the data file names differ).</summary>
    public static void SameFiles(string expectedDataPath, string actualDataPath)
    {
        foreach (var suffix in FileSuffixes)
        {
            var expected = File.ReadAllBytes(expectedDataPath + suffix);
            var actual = File.ReadAllBytes(actualDataPath + suffix);
            if (!expected.AsSpan().SequenceEqual(actual))
                Assert.Fail($"{Path.GetFileName(actualDataPath + suffix)} differs from the reference ({actual.Length} vs {expected.Length} bytes, first difference at byte {FirstDifference(expected, actual)}).");
        }
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
