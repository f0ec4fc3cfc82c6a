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
}
