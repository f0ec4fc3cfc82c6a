using System.Collections.Concurrent;
using System.Security.Cryptography;
using Datadings.Caching;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>
/// A file damaged in the cache (a disk error, a hand edit under nginx's root) is discarded by the machine that pulls
/// it (DD7002); when that machine pushes, it must upload the good bytes again. Asking "exists?" says yes for damaged
/// bytes, so without this every later machine would download, discard and rebuild forever.
/// </summary>
public sealed class RemoteStoreRepairTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("datadings-repair-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_pushing_store_uploads_again_a_file_it_pulled_damaged_so_the_next_machine_gets_a_hit()
    {
        var good = Path.Combine(_dir, "d.msgpack");
        File.WriteAllBytes(good, [1, 2, 3, 4, 5, 6, 7, 8]);
        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(good)));
        var cache = new MemoryCache();
        cache.Entries["files/" + md5] = [1, 2, 3, 4, 5, 6, 7, 0xff];   // same size, wrong bytes
        var entry = new RemoteEntry(1, 1, 0, [new RemoteDataFile("d.msgpack", 1, 8)], [new RemoteFile("d.msgpack", 8, md5)], new Dictionary<string, string>());
        cache.Entries["datasets/k"] = System.Text.Encoding.UTF8.GetBytes(entry.ToText());

        var machine = new RemoteStore(cache);
        var pulled = await machine.TryGetEntryAsync("datasets/k", CancellationToken.None);
        await Assert.ThrowsAsync<RemoteCacheCorruptException>(() => machine.PullFilesAsync(pulled!, Path.Combine(_dir, "stage"), CancellationToken.None));
        // The build converts locally (same bytes as the manifest names) and pushes.
        await machine.PushEntryAsync("datasets/k", entry, _dir, CancellationToken.None);
        await machine.PushFileAsync(md5, good, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(good), cache.Entries["files/" + md5]);
        var next = new RemoteStore(cache);
        await next.PullFilesAsync((await next.TryGetEntryAsync("datasets/k", CancellationToken.None))!, Path.Combine(_dir, "next"), CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(good), File.ReadAllBytes(Path.Combine(_dir, "next", "d.msgpack")));
    }

    [Fact]
    public async Task A_source_pulled_damaged_is_uploaded_again_by_a_pushing_build_and_intact_ones_are_not()
    {
        var good = Path.Combine(_dir, "s.bin");
        File.WriteAllBytes(good, [9, 8, 7]);
        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(good)));
        var cache = new MemoryCache();
        cache.Entries[RemoteStore.SourcePath(md5)] = [9, 8, 6];
        var machine = new RemoteStore(cache);
        await Assert.ThrowsAsync<RemoteCacheCorruptException>(() => machine.TryPullSourceAsync(md5, Path.Combine(_dir, "s.pulled"), CancellationToken.None));
        await machine.PushSourceAsync(md5, good, checkContent: false, CancellationToken.None);
        Assert.Equal([9, 8, 7], cache.Entries[RemoteStore.SourcePath(md5)]);
        Assert.Equal(1, cache.Puts);
        // Once repaired (and for anything intact) a push uploads nothing.
        await machine.PushSourceAsync(md5, good, checkContent: false, CancellationToken.None);
        Assert.Equal(1, cache.Puts);
    }

    [Theory]
    [InlineData(false, new byte[] { 1, 2, 3, 4, 5, 6, 7, 0xff })]   // same size, wrong bytes, no MD5 kept: hashed
    [InlineData(true, new byte[] { 1, 2, 3, 4, 5, 6, 7, 0xff })]    // same size, wrong bytes, the backend's MD5 differs
    [InlineData(false, new byte[] { 1, 2, 3 })]                     // truncated: the size says it
    public async Task A_push_replaces_a_damaged_file_it_never_pulled_and_leaves_an_intact_one_alone(bool keepsMd5, byte[] damaged)
    {
        var good = Path.Combine(_dir, "d.msgpack");
        File.WriteAllBytes(good, [1, 2, 3, 4, 5, 6, 7, 8]);
        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(good)));
        var cache = new MemoryCache { KeepsMd5 = keepsMd5 };
        cache.Entries["files/" + md5] = damaged;
        var machine = new RemoteStore(cache);   // never pulled anything

        await machine.PushFileAsync(md5, good, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(good), cache.Entries["files/" + md5]);
        Assert.Equal(1, cache.Puts);

        await new RemoteStore(cache).PushFileAsync(md5, good, CancellationToken.None);
        Assert.Equal(1, cache.Puts);
        // Only a backend without MD5s costs a read of what it holds; size or MD5 decide without one otherwise.
        Assert.Equal(keepsMd5 ? 0 : damaged.Length == 8 ? 2 : 1, cache.Gets);
    }

    private sealed class MemoryCache : IRemoteCache
    {
        public ConcurrentDictionary<string, byte[]> Entries { get; } = new();
        public int Puts;
        public int Gets;
        /// <summary>Like Azure (an MD5 per entry) rather than nginx (none).</summary>
        public bool KeepsMd5;
        public string Description => "memory";

        public async Task<bool> TryGetAsync(string path, Stream destination, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Gets);
            if (!Entries.TryGetValue(path, out var bytes)) return false;
            await destination.WriteAsync(bytes, cancellationToken);
            return true;
        }

        public Task<RemoteStat?> StatAsync(string path, CancellationToken cancellationToken) =>
            Task.FromResult(Entries.TryGetValue(path, out var bytes) ? new RemoteStat(bytes.Length, KeepsMd5 ? Convert.ToHexStringLower(MD5.HashData(bytes)) : null) : null);

        public Task PutAsync(string path, string file, string? md5, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Puts);
            Entries[path] = File.ReadAllBytes(file);
            return Task.CompletedTask;
        }

        public void Dispose() { }
    }
}
