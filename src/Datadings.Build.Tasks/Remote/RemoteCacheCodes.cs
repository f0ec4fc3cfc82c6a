namespace Datadings.Build.Tasks.Remote;

/// <summary>The DD7xxx codes of the remote cache and sharded builds. Never renumber, only add.</summary>
internal static class RemoteCacheCodes
{
    /// <summary>Warning, once per build: the cache is unreachable or refuses requests; the build goes on without it.</summary>
    public const string Unavailable = "DD7001";

    /// <summary>Warning: an entry arrived wrong (size, MD5, manifest); it was discarded and the build goes on locally.</summary>
    public const string Corrupt = "DD7002";

    /// <summary>Error in an assembling build (warning otherwise): a shard is missing from the cache.</summary>
    public const string MissingShard = "DD7003";

    /// <summary>Error: bad shard properties, or a shard build without a cache to push to.</summary>
    public const string InvalidShardBuild = "DD7004";

    /// <summary>Error: a shard build could not push its shards.</summary>
    public const string ShardPushFailed = "DD7005";

    // DD7006 (a setting that is not a number) is raised by the targets.

    /// <summary>Warning, once per build: a transfer fell below DatadingsRemoteCacheMinimumRate; the build goes on without the cache.</summary>
    public const string TooSlow = "DD7007";
}
