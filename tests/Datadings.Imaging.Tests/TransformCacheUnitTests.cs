using Datadings.Transforms;

namespace Datadings.Imaging.Tests;

public sealed class TransformCacheUnitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-tcache-").FullName;

    private static byte[] Key(int i) => System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));

    [Fact]
    public void Two_writers_on_one_file_commit_concurrently_without_losing_entries()
    {
        using var first = TransformCache.Open(_folder, 1L << 30);
        using var second = TransformCache.Open(_folder, 1L << 30);
        Parallel.Invoke(
            () => { for (int b = 0; b < 20; b++) first.Commit([.. Enumerable.Range(b * 50, 50).Select(i => (Key(i), new byte[1000]))], []); },
            () => { for (int b = 0; b < 20; b++) second.Commit([.. Enumerable.Range(500 + b * 50, 50).Select(i => (Key(i), new byte[1000]))], []); });
        Assert.Equal((1500L, 1_500_000L), first.Size());
        Assert.Equal("ok", second.IntegrityCheck());
        Assert.NotNull(second.TryGet(Key(10)));
        Assert.Null(second.TryGet(Key(5000)));
    }

    [Fact]
    public void Pruning_drops_the_least_recently_used_until_values_fit_in_90_percent()
    {
        using (var cache = TransformCache.Open(_folder, 1L << 30))
        {
            cache.Commit([.. Enumerable.Range(0, 100).Select(i => (Key(i), new byte[1000]))], []);
        }
        // Entries 0-99 were stored in the same second; time passes, 90-99 are used again.
        Thread.Sleep(1100);
        using var bounded = TransformCache.Open(_folder, 50_000);
        bounded.UseResolution = TimeSpan.FromSeconds(1);
        bounded.Commit([], [.. Enumerable.Range(90, 10).Select(Key)]);
        Assert.Equal(55L, bounded.Prune());
        Assert.Equal((45L, 45_000L), bounded.Size());
        Assert.All(Enumerable.Range(90, 10), i => Assert.NotNull(bounded.TryGet(Key(i))));
        Assert.Equal("ok", bounded.IntegrityCheck());
        Assert.Equal(0L, bounded.Prune());
    }

    [Fact]
    public void A_reuse_records_the_use_only_when_the_last_one_is_older_than_the_resolution()
    {
        using var cache = TransformCache.Open(_folder, 1L << 30);
        cache.Commit([(Key(1), new byte[10])], []);
        long stored = LastUsed(cache, Key(1));
        Thread.Sleep(1100);
        cache.Commit([], [Key(1)]); // within the default hour: the row is not rewritten
        Assert.Equal(stored, LastUsed(cache, Key(1)));
        cache.UseResolution = TimeSpan.FromSeconds(1);
        cache.Commit([], [Key(1)]);
        Assert.True(LastUsed(cache, Key(1)) > stored);
    }

    private static long LastUsed(TransformCache cache, byte[] key)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cache.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_used FROM entries WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return (long)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData(5000)] // cut short: SQLite reports it damaged
    [InlineData(-1)]   // overwritten with text: not a database
    public void A_damaged_file_is_replaced_by_an_empty_cache(int length)
    {
        using (var cache = TransformCache.Open(_folder, 1L << 30))
            cache.Commit([.. Enumerable.Range(0, 100).Select(i => (Key(i), new byte[1000]))], []);
        var file = Path.Combine(_folder, TransformCache.FileName);
        if (length < 0) File.WriteAllText(file, new string('x', 10_000));
        else using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(length);

        using var reopened = TransformCache.Open(_folder, 1L << 30);
        Assert.Contains($"{file} was damaged (", reopened.Replaced);
        Assert.Equal((0L, 0L), reopened.Size());
        reopened.Commit([(Key(1), new byte[10])], []);
        Assert.Equal("ok", reopened.IntegrityCheck());
        using var again = TransformCache.Open(_folder, 1L << 30);
        Assert.Null(again.Replaced);
        Assert.NotNull(again.TryGet(Key(1)));
    }

    [Fact]
    public void Pruning_that_meets_a_damaged_page_reports_it_as_damage_and_Reset_starts_an_empty_cache()
    {
        using (var cache = TransformCache.Open(_folder, 1L << 30))
            cache.Commit([.. Enumerable.Range(0, 100).Select(i => (Key(i), new byte[1000]))], []);
        var file = Path.Combine(_folder, TransformCache.FileName);
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.Position = stream.Length - 3 * 4096; // a page of values, far from the schema Open reads
            stream.Write(Enumerable.Repeat((byte)0xa5, 4096).ToArray());
        }

        using var reopened = TransformCache.Open(_folder, 50_000);
        Assert.Null(reopened.Replaced);
        var e = Assert.Throws<TransformException>(() => reopened.Prune());
        Assert.True(TransformCache.IsDamaged(e));
        reopened.Reset(e);
        Assert.Contains($"{file} was damaged (SQLite Error 11", reopened.Replaced);
        Assert.Equal((0L, 0L), reopened.Size());
        reopened.Commit([(Key(1), new byte[10])], []);
        Assert.NotNull(reopened.TryGet(Key(1)));
        Assert.Equal("ok", reopened.IntegrityCheck());
        Assert.False(TransformCache.IsDamaged(new TransformException(TransformError.CacheFailed, "disk full")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
