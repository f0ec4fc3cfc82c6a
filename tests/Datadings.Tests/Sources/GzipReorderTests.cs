using Datadings.Sources;

namespace Datadings.Tests.Sources;

/// <summary>A .tar.gz stored out of order still reads in sorted order, within the reorder buffer.</summary>
public sealed class GzipReorderTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    private static IReadOnlyList<(string Path, byte[] Content)> Shuffled(int count, int size)
    {
        var random = new Random(11);
        var files = Enumerable.Range(0, count).Select(i =>
        {
            var content = new byte[size];
            random.NextBytes(content);
            return ($"c{i % 3}/f{i}.bin", content);
        }).ToList();
        return files.OrderBy(_ => random.Next()).ToList();
    }

    [Theory]
    [InlineData(0)]          // nothing may be held: one pass per entry
    [InlineData(2500)]       // a couple of entries fit
    [InlineData(1 << 20)]    // everything fits: one pass
    public void Sorted_order_and_exact_bytes_whatever_the_buffer(long budget)
    {
        var files = Shuffled(25, 1000);
        var expected = files.ToDictionary(f => f.Path, f => f.Content);
        var tgz = _fixture.WriteTar(files, "shuffled.tgz");
        using var directory = new DirectoryTreeSource(_fixture.WriteDirectory(files));

        using var source = new TarTreeSource(tgz, new() { ReorderBufferBytes = budget });
        var read = source.ReadAll().ToList();

        Assert.Equal(directory.Entries, read.Select(r => r.Entry));
        Assert.All(read, r => Assert.Equal(expected[r.Entry.Path], r.Content));
    }

    [Fact]
    public void Archive_stored_in_sorted_order_is_read_in_one_pass_holding_nothing()
    {
        var files = Shuffled(12, 500).OrderBy(f => f.Path, NaturalOrder.Paths).ToList();
        using var storage = Gzip(_fixture.WriteTar(files, "sorted.tgz"), 0);
        var wanted = files.Select(f => storage.Find(f.Path)!).ToList();

        var read = storage.ReadFiles(wanted, CancellationToken.None).ToList();

        Assert.Equal(files.Select(f => f.Path), read.Select(r => r.File.Path));
        Assert.Equal(1, storage.PassesStarted);
    }

    [Fact]
    public void Reversed_archive_takes_about_total_size_over_budget_passes()
    {
        var files = Shuffled(20, 1000).OrderBy(f => f.Path, NaturalOrder.Paths).ToList();
        using var storage = Gzip(_fixture.WriteTar(Enumerable.Reverse(files), "reversed.tgz"), 5000);
        var wanted = files.Select(f => storage.Find(f.Path)!).ToList();

        var read = storage.ReadFiles(wanted, CancellationToken.None).ToList();

        Assert.Equal(files.Select(f => f.Content), read.Select(r => r.Content));
        Assert.InRange(storage.PassesStarted, 2, 20 * 1000 / 5000 + 1);
    }

    [Fact]
    public void Cancellation_stops_reading()
    {
        var tgz = _fixture.WriteTar(Shuffled(5, 10), "few.tgz");
        using var source = new TarTreeSource(tgz);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => source.ReadAll(cancelled.Token).ToList());
    }

    public void Dispose() => _fixture.Dispose();

    private static CompressedTarStorage Gzip(string path, long bufferBudget) =>
        new(path, file => new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress),
            new LabelledTreeOptions { ReorderBufferBytes = bufferBudget });
}
