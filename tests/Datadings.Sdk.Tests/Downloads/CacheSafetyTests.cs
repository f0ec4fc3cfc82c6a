using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

public sealed class CacheSafetyTests : EngineTestBase
{
    [Fact]
    public async Task Two_resolvers_needing_the_same_source_download_it_once()
    {
        var (source, file, bytes) = Served("shared.bin", 400_000);
        file.BytesPerSecond = 2_000_000; // slow enough that the second resolver arrives while the first holds the lock

        var both = await Task.WhenAll(ResolveAsync(source), ResolveAsync(source));

        Assert.Single(Server.RequestsFor("shared.bin"));
        Assert.Contains(both, r => r.Outcome == SourceOutcome.Downloaded);
        Assert.Contains(both, r => r.Outcome == SourceOutcome.DownloadedByOtherBuild);
        Assert.All(both, r => Assert.Equal(bytes, File.ReadAllBytes(r.Path)));
        Assert.Single(Listener.Waits);
    }

    [Fact]
    public async Task The_same_bytes_under_another_name_come_from_the_cache()
    {
        var (source, _, _) = Served("first-name.bin");
        await ResolveAsync(source);

        var other = await ResolveAsync(source with { Name = "second-name.bin" });

        Assert.Equal(SourceOutcome.AlreadyVerified, other.Outcome);
        Assert.EndsWith("first-name.bin", other.Path);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_corrupted_cache_entry_is_discarded_and_downloaded_again()
    {
        var (source, _, bytes) = Served("rotten.bin");
        var first = await ResolveAsync(source);
        var damaged = bytes.ToArray();
        damaged[10] ^= 1;
        File.WriteAllBytes(first.Path, damaged);

        var again = await ResolveAsync(source);

        Assert.Equal(SourceOutcome.Downloaded, again.Outcome);
        Assert.Equal(bytes, File.ReadAllBytes(again.Path));
        Assert.Single(Listener.CorruptEntries);
    }

    [Fact]
    public async Task Cancellation_stops_promptly_and_leaves_nothing_under_the_final_name()
    {
        var (source, file, _) = Served("slow.bin", 2_000_000);
        file.BytesPerSecond = 200_000; // ten seconds for the whole file
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResolveAsync(source, cancellationToken: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cancellation took {clock.Elapsed}");
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task A_cancelled_download_resumes_in_the_next_build()
    {
        var (source, file, bytes) = Served("resume.bin", 1_000_000);
        file.BytesPerSecond = 1_000_000;
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResolveAsync(source, cancellationToken: cancel.Token));
        var kept = new FileInfo(Cache.PartialPath(source.Md5)).Length;
        Assert.InRange(kept, 1, bytes.Length - 1);
        file.BytesPerSecond = null;

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, File.ReadAllBytes(result.Path));
        Assert.Equal($"bytes={kept}-", Server.RequestsFor("resume.bin")[^1].Range);
    }

    [Fact]
    public async Task Waiting_for_a_lock_can_be_cancelled()
    {
        var (source, _, _) = Served("locked.bin");
        using var held = await CacheEntryLock.AcquireAsync(Cache.LockPath(source.Md5), () => { }, default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResolveAsync(source, cancellationToken: cancel.Token));

        Assert.Empty(Server.Requests);
        Assert.Single(Listener.Waits);
    }

    [Fact]
    public void Default_cache_root_is_per_user()
    {
        var root = DownloadCache.DefaultRoot();
        var fromEnvironment = Environment.GetEnvironmentVariable(DownloadCache.EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            Assert.Equal(Path.GetFullPath(fromEnvironment), root);
        else
            Assert.EndsWith("datadings", root.TrimEnd(Path.DirectorySeparatorChar));
    }
}
