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
    public static RemoteCacheSession? For(IBuildEngine engine, TaskLoggingHelper log, string? address, bool push, double timeoutSeconds)
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
            session = new RemoteCacheSession(new RemoteStore(RemoteCacheFactory.Open(address.Trim(), TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)))), push);
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

    /// <summary>Stops using the cache; the DD7001 warning text the first time, null after (the caller logs it on its logging thread).</summary>
    public string? Fail(Exception e) =>
        Interlocked.Exchange(ref _failed, 1) == 0
            ? $"Remote cache {Store.Cache.Description} is not usable ({e.Message}); this build no longer pulls from or pushes to it and builds locally."
            : null;

    public void Dispose() => Store.Cache.Dispose();
}
