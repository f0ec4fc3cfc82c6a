using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>
/// Builds that share an nginx remote cache. Each "machine" is its own folder, its own download cache
/// (DATADINGS_CACHE) and its own output: only the remote cache connects them.
/// </summary>
public abstract class RemoteCacheTestBase(SdkPackageFixture sdk) : ConversionTestBase(sdk), IDisposable
{
    protected NginxCache Nginx { get; } = new();

    private readonly Dictionary<string, string?> _extraEnvironment = new();

    protected string MachineCache { get; set; } = "";

    protected override Dictionary<string, string?> Environment
    {
        get
        {
            var environment = base.Environment;
            if (MachineCache.Length > 0) environment["DATADINGS_CACHE"] = MachineCache;
            foreach (var (key, value) in _extraEnvironment) environment[key] = value;
            return environment;
        }
    }

    protected void SetEnvironment(string key, string? value) => _extraEnvironment[key] = value;

    /// <summary>100 synthetic 28×28 images + labels served on loopback; the conversion items for an unsharded and a sharded (15 a shard) dataset.</summary>
    protected string IdxProjectItems(bool sharded = true)
    {
        var sources = Served("images.gz", SyntheticSources.IdxImages(100, gzip: true)) + "\n" + Served("labels.gz", SyntheticSources.IdxLabels(100, gzip: true));
        return sources + """

            <DatasetConversion Include="digits" Converter="Idx" Images="images.gz" Labels="labels.gz" />
            """ + (sharded ? """

            <DatasetConversion Include="digits-sharded" Converter="Idx" Images="images.gz" Labels="labels.gz" ShardSize="15" />
            """ : "");
    }

    /// <summary>A new machine: its own folder and download cache, the same project text.</summary>
    protected string NewMachine(string name, string items, string cacheUrl, bool push)
    {
        MachineCache = Path.Combine(Sdk.Root.Path, "machine-cache-" + Guid.NewGuid().ToString("N")[..8]);
        return WriteDataProject(Sdk.NewFolder(name), "data", items, $"""
            <PropertyGroup>
              <DatadingsRemoteCache>{cacheUrl}</DatadingsRemoteCache>
              <DatadingsRemoteCachePush>{(push ? "true" : "false")}</DatadingsRemoteCachePush>
              <DatadingsRemoteCacheTimeout>3</DatadingsRemoteCacheTimeout>
            </PropertyGroup>
            """);
    }

    protected static int Count(string text, string part) => text.Split(part).Length - 1;

    public virtual void Dispose() => Nginx.Dispose();
}
