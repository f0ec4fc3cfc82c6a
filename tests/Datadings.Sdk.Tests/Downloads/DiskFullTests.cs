using Datadings.Tests.Support;
using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

/// <summary>A download cache on a really full disk (a 4 MB tmpfs): a local failure, named, not retried, nothing left.</summary>
public sealed class DiskFullTests : EngineTestBase
{
    [TmpfsFact]
    public async Task A_full_cache_disk_is_a_local_error_that_is_not_retried()
    {
        using var disk = Tmpfs.Mount(Temp.Combine("small"), 4);
        var bytes = TestBytes.Random(6_000_000, 11);
        Server.Serve("big.bin", bytes);
        var source = new SourceRequest("big.bin", TestBytes.Md5(bytes), [Server.Url("big.bin"), Server.Url("big.bin?mirror")], bytes.Length);
        using var resolver = new SourceResolver(new DownloadCache(disk.Path), FastOptions, Listener);

        var failure = await Assert.ThrowsAsync<DownloadFailedException>(() => resolver.ResolveAsync(source));

        Assert.Equal(DownloadFailure.LocalDiskFull, failure.Failure);
        Assert.Contains("The disk is full", failure.Message);
        Assert.Contains(Path.Combine(disk.Path, source.Md5, ".partial"), failure.Message);
        Assert.Contains("not a network problem", failure.Message);
        Assert.Single(Server.RequestsFor("big.bin")); // neither retried nor tried at the mirror
        Assert.Empty(Listener.Retries);
        Assert.Empty(Listener.MirrorFailures);
        // The partial is deleted (its tail is unknown and it holds the space); only the lock file remains.
        Assert.Equal([".lock"], Directory.GetFiles(Path.Combine(disk.Path, source.Md5)).Select(Path.GetFileName));
    }

    [TmpfsFact]
    public async Task A_cache_that_cannot_hold_one_more_file_fails_at_once_instead_of_waiting_for_a_lock()
    {
        using var disk = Tmpfs.Mount(Temp.Combine("noinodes"), 4, inodes: 1); // only the root folder fits
        var (source, _, _) = Served("any.bin");
        using var resolver = new SourceResolver(new DownloadCache(disk.Path), FastOptions, Listener);

        var failure = await Assert.ThrowsAsync<DownloadFailedException>(() => resolver.ResolveAsync(source).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(DownloadFailure.LocalDiskFull, failure.Failure);
        Assert.Contains("lock file", failure.Message);
        Assert.Empty(Listener.Waits);
        Assert.Empty(Server.RequestsFor("any.bin"));
    }

    [TmpfsFact]
    public async Task A_full_disk_while_recording_the_stamp_is_named_and_leaves_no_temp_file()
    {
        // Root, entry folder, .lock and .partial fit; the .stamps folder does not.
        using var disk = Tmpfs.Mount(Temp.Combine("nostamps"), 4, inodes: 4);
        var (source, _, bytes) = Served("stamped.bin", 100_000);
        using var resolver = new SourceResolver(new DownloadCache(disk.Path), FastOptions, Listener);

        var failure = await Assert.ThrowsAsync<DownloadFailedException>(() => resolver.ResolveAsync(source));

        Assert.Equal(DownloadFailure.LocalDiskFull, failure.Failure);
        Assert.Contains("stamp", failure.Message);
        Assert.Single(Server.RequestsFor("stamped.bin"));
        // The download itself was verified before it got its final name; only the stamp is missing (hashed next time).
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(disk.Path, source.Md5, "stamped.bin")));
        Assert.DoesNotContain(Directory.GetFiles(disk.Path, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
