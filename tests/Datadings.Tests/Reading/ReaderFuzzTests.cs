using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Reading;

/// <summary>
/// Feeds thousands of mutated copies of the reference datasets to the reader. Whatever the damage, reading
/// either succeeds or fails with a DatadingsFormatException: no other exception, no hang, and no allocation
/// beyond a small multiple of the dataset's size.
/// </summary>
public class ReaderFuzzTests
{
    private static readonly string[] Suffixes = ["", ".offsets", ".keys", ".key_hashes", ".filter", ".md5"];
    private static readonly byte[] InterestingBytes = [0x00, 0x7f, 0x80, 0xc1, 0xc4, 0xc6, 0xcf, 0xd3, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xff, 0x90, 0xa0];

    [Theory]
    [InlineData("two", 1200)]
    [InlineData("one", 600)]
    [InlineData("numpy", 600)]
    [InlineData("unicode", 300)]
    [InlineData("empty", 300)]
    [InlineData("legacy", 600)]
    [InlineData("mixed1000", 150)]
    public async Task Mutated_datasets_fail_only_with_format_errors(string name, int cases)
    {
        using var dir = new TempDir();
        var original = dir.CopyDataset(name);
        var files = Suffixes.Concat([".index"]).Select(s => original + s).Where(File.Exists).ToArray();
        var pristine = files.ToDictionary(f => f, File.ReadAllBytes);
        long datasetSize = pristine.Values.Sum(b => (long)b.Length);
        var random = new PythonRandom(name.Aggregate((long)cases, (h, ch) => h * 31 + ch));

        for (int c = 0; c < cases; c++)
        {
            foreach (var (file, bytes) in pristine) File.WriteAllBytes(file, bytes);
            var target = files[random.RandBelow(files.Length)];
            var mutation = Mutate(pristine[target], random);
            File.WriteAllBytes(target, mutation);

            var run = Task.Run(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var failure = ReadEverything(original);
                return (failure, allocated: GC.GetAllocatedBytesForCurrentThread() - before);
            });
            // WaitAsync throws a TimeoutException if reading hangs.
            var (failure, allocated) = await run.WaitAsync(TimeSpan.FromSeconds(10));
            // A mutated .md5 may name a file that does not exist: that is a clear, named error too.
            Assert.True(failure is null or DatadingsFormatException or FileNotFoundException { FileName: not null },
                $"case {c} ({Path.GetFileName(target)}): {failure}");
            Assert.True(allocated < 64 * datasetSize + (8 << 20), $"case {c}: {allocated} bytes allocated for a {datasetSize}-byte dataset");
        }
    }

    private static Exception? ReadEverything(string path)
    {
        try
        {
            using var reader = new DatasetReader(path);
            for (int i = 0; i < reader.Count; i++)
            {
                reader.Get(i);
                reader.GetKey(i);
            }
            reader.Contains("no such key");
            bool lookupFailed = reader.Count > 0 && !reader.TryFindIndex(reader.GetKey(reader.Count - 1), out _);
            reader.Verify();
            // A damaged .key_hashes can hide a key from lookups; then verification must have caught the damage.
            return lookupFailed ? new InvalidOperationException("a stored key was not found, yet the dataset verified") : null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static byte[] Mutate(byte[] bytes, PythonRandom random)
    {
        var result = bytes.ToList();
        int edits = 1 + (int)random.RandBelow(3);
        for (int e = 0; e < edits; e++)
        {
            long kind = random.RandBelow(5);
            int at = result.Count == 0 ? 0 : (int)random.RandBelow(result.Count);
            switch (kind)
            {
                case 0 when result.Count > 0: result[at] ^= (byte)(1 << (int)random.RandBelow(8)); break;
                case 1 when result.Count > 0: result[at] = InterestingBytes[random.RandBelow(InterestingBytes.Length)]; break;
                case 2: result.RemoveRange(at, result.Count - at); break;
                case 3: result.InsertRange(at, Enumerable.Range(0, 1 + (int)random.RandBelow(8)).Select(_ => (byte)random.RandBelow(256))); break;
                default: if (result.Count > 1) result.RemoveAt(at); break;
            }
        }
        return [.. result];
    }
}
