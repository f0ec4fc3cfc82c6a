using Datadings.Caching;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// The remote cache for one build: opened once per address and shared by every task of the build (an MSBuild
/// registered task object), so that an unreachable cache warns once (DD7001) and is then left alone for the rest of
/// the build instead of costing a timeout per source and dataset.
/// </summary>
internal sealed class RemoteCacheSession : IDisposable
{
    private int _failed;

    private RemoteCacheSession(RemoteStore store, bool push)
    {
        Store = store;
        Push = push;
    }

    public RemoteStore Store { get; }

    /// <summary>Whether this build uploads what it builds (opt-in; read-only by default).</summary>
    public bool Push { get; }

    public bool Available => Volatile.Read(ref _failed) == 0;

    /// <summary>The build's session for <paramref name="address"/>, or null when no cache is configured or it is already known to fail.</summary>
    /// <param name="minimumKilobytesPerSecond">The rate floor of a transfer (KB/s, after its first timeout); 0: none.</param>
    public static RemoteCacheSession? For(IBuildEngine engine, TaskLoggingHelper log, string? address, bool push, double timeoutSeconds, double minimumKilobytesPerSecond)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var key = $"Datadings.RemoteCache|{address.Trim()}|{push}";
        var engine4 = engine as IBuildEngine4;
        if (engine4?.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is RemoteCacheSession existing)
            return existing.Available ? existing : null;
        // A refused address warns once per build too, not once per task (sources, conversions, derived items…).
        var refusedKey = $"Datadings.RemoteCache.Refused|{address.Trim()}";
        if (engine4?.GetRegisteredTaskObject(refusedKey, RegisteredTaskObjectLifetime.Build) is not null)
            return null;
        RemoteCacheSession session;
        try
        {
            session = new RemoteCacheSession(new RemoteStore(RemoteCacheFactory.Open(address.Trim(), TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)), Math.Max(0, minimumKilobytesPerSecond) * 1000)), push);
        }
        catch (ArgumentException e)
        {
            engine4?.RegisterTaskObject(refusedKey, e.Message, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            log.LogWarning(null, RemoteCacheCodes.Unavailable, null, null, 0, 0, 0, 0,
                $"Remote cache not used: {e.Message}. The build goes on locally.");
            return null;
        }
        engine4?.RegisterTaskObject(key, session, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return session;
    }

    /// <summary>
    /// Stops using the cache; the warning the first time (DD7001, or DD7007 for a cache that is too slow), null after
    /// (the caller logs it on its logging thread).
    /// </summary>
    public (string Code, string Text)? Fail(Exception e) =>
        Interlocked.Exchange(ref _failed, 1) != 0 ? null
        : e is RemoteCacheException { TooSlow: true }
            ? (RemoteCacheCodes.TooSlow, $"Remote cache {Store.Cache.Description} is too slow ({e.Message}); pulling would take longer than building, so this build no longer pulls from or pushes to it and builds locally.")
            : (RemoteCacheCodes.Unavailable, $"Remote cache {Store.Cache.Description} is not usable ({e.Message}); this build no longer pulls from or pushes to it and builds locally.");

    public void Dispose() => Store.Cache.Dispose();
}
