using Azure.Storage.Blobs;
using Datadings.Caching;
using Datadings.Caching.Azure;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>The Azure Blob Storage backend against a real Azurite: round trip, second machine, wrong key, wrong bytes, killed upload.</summary>
public sealed class AzureRemoteCacheTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    private readonly AzuriteServer _azurite = new();

    private const string Address = "azblob://datasets/team-a";

    [AzuriteFact]
    public async Task A_second_machine_builds_from_the_warm_blob_cache_without_download_or_conversion_and_gets_the_same_bytes()
    {
        SetEnvironment(AzureBlobRemoteCache.ConnectionStringVariable, _azurite.ConnectionString());
        var items = IdxProjectItems();
        var first = NewMachine("azure-first", items, Address, push: true);
        var build1 = await BuildAsync(first);
        AssertSucceeded(build1);
        Assert.DoesNotContain("warning DD7", build1.Output);
        var blobs = Container().GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default).Select(b => b.Name).ToList();
        Assert.Contains(blobs, b => b.StartsWith("team-a/sources/", StringComparison.Ordinal));
        Assert.Contains(blobs, b => b.StartsWith("team-a/datasets/", StringComparison.Ordinal));
        var downloads = Server.Requests.Count;

        var second = NewMachine("azure-second", items, Address, push: false);
        var build2 = await BuildAsync(second);

        AssertSucceeded(build2);
        Assert.Empty(Converted(build2.Output));
        Assert.Contains("digits-sharded: pulled 100 samples (7 file(s))", build2.Output);
        Assert.Equal(downloads, Server.Requests.Count);
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
    }

    [AzuriteFact]
    public async Task A_wrong_account_key_warns_once_without_the_key_and_the_build_converts_locally()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        SetEnvironment(AzureBlobRemoteCache.ConnectionStringVariable, _azurite.ConnectionString(wrongKey));
        var build = await BuildAsync(NewMachine("azure-wrong-key", IdxProjectItems(), Address, push: true));
        AssertSucceeded(build);
        var warning = build.Output.Split('\n').First(l => l.Contains("warning DD7001:"));
        Assert.Contains("403", warning);
        Assert.DoesNotContain(wrongKey, build.Output);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
    }

    [AzuriteFact]
    public async Task Wrong_bytes_in_a_blob_are_discarded_and_the_dataset_is_converted_locally()
    {
        SetEnvironment(AzureBlobRemoteCache.ConnectionStringVariable, _azurite.ConnectionString());
        var items = IdxProjectItems(sharded: false);
        var first = NewMachine("azure-producer", items, Address, push: true);
        AssertSucceeded(await BuildAsync(first));
        foreach (var blob in Container().GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "team-a/files/", default))
            Container().GetBlobClient(blob.Name).Upload(BinaryData.FromBytes(new byte[blob.Properties.ContentLength ?? 1]), overwrite: true);

        var second = NewMachine("azure-consumer", items, Address, push: false);
        var build = await BuildAsync(second);
        AssertSucceeded(build);
        Assert.Contains("warning DD7002:", build.Output);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
    }

    [AzuriteFact]
    public async Task A_pushing_build_that_never_pulled_replaces_damaged_blobs_instead_of_naming_them()
    {
        SetEnvironment(AzureBlobRemoteCache.ConnectionStringVariable, _azurite.ConnectionString());
        var items = IdxProjectItems(sharded: false);
        var first = NewMachine("azure-damage-producer", items, Address, push: true);
        AssertSucceeded(await BuildAsync(first));
        // Wrong bytes of the right length under every file's name (Azure keeps their MD5), and no manifest to pull.
        foreach (var blob in Container().GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "team-a/", default))
        {
            if (blob.Name.StartsWith("team-a/files/", StringComparison.Ordinal))
                Container().GetBlobClient(blob.Name).Upload(BinaryData.FromBytes(new byte[blob.Properties.ContentLength ?? 1]), overwrite: true);
            else if (blob.Name.StartsWith("team-a/datasets/", StringComparison.Ordinal))
                Container().GetBlobClient(blob.Name).Delete();
        }

        var pusher = NewMachine("azure-damage-pusher", items, Address, push: true);
        var build = await BuildAsync(pusher);
        AssertSucceeded(build);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.DoesNotContain("warning DD7", build.Output);
        foreach (var blob in Container().GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "team-a/files/", default))
            Assert.Equal(blob.Name["team-a/files/".Length..], Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Container().GetBlobClient(blob.Name).DownloadContent().Value.Content.ToArray())));

        var next = NewMachine("azure-damage-consumer", items, Address, push: false);
        var pulled = await BuildAsync(next);
        AssertSucceeded(pulled);
        Assert.DoesNotContain("warning DD7", pulled.Output);
        Assert.Empty(Converted(pulled.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(next)));
    }

    [AzuriteFact]
    public async Task A_blob_endpoint_that_stalls_warns_once_and_the_build_converts_locally()
    {
        // The account is Azurite's, the endpoint a server that accepts connections and never answers.
        using var staller = new StallingServer();
        SetEnvironment(AzureBlobRemoteCache.ConnectionStringVariable,
            _azurite.ConnectionString().Replace($"127.0.0.1:{_azurite.Port}", $"127.0.0.1:{staller.Port}", StringComparison.Ordinal));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = await BuildAsync(NewMachine("azure-stalled", IdxProjectItems(), Address, push: true));
        AssertSucceeded(build);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
        var warnings = build.Output.Split('\n').Where(l => l.Contains("warning DD7001:"))
            .Select(l => l[l.IndexOf("warning DD7001:", StringComparison.Ordinal)..].Trim()).Distinct().ToList();
        Assert.Single(warnings);
        Assert.True(staller.Connections > 0);
        // 3 attempts of 3 s (the project's timeout) at most, then the cache is left alone.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
    }

    [AzuriteFact]
    public async Task An_upload_cancelled_midway_is_never_visible()
    {
        Container().CreateIfNotExists();
        using var cache = new AzureBlobRemoteCache(Container(), "team-a");
        using var big = new Support.TempDirectory("dd-azure-upload");
        var file = big.Combine("big.bin");
        await File.WriteAllBytesAsync(file, new byte[300 << 20]); // > 256 MB: uploaded as staged blocks + commit
        using var cancel = new CancellationTokenSource();
        var upload = cache.PutAsync("files/big", file, null, cancel.Token);
        await Task.Delay(300);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Null(await cache.StatAsync("files/big", CancellationToken.None));
    }

    private BlobContainerClient Container() => new BlobServiceClient(_azurite.ConnectionString()).GetBlobContainerClient("datasets");

    public override void Dispose()
    {
        _azurite.Dispose();
        base.Dispose();
    }
}
