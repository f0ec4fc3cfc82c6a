using System.Diagnostics;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// Azurite (Microsoft's storage emulator, from npm: <c>npm install -g azurite</c>; .ci/run installs it) serving blobs
/// on a free loopback port with its storage in a temp folder, started and stopped by the test.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    // Azurite's well-known development account (published in its documentation; not a secret).
    public const string Account = "devstoreaccount1";
    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempDirectory _location = new("dd-azurite");
    private readonly Process _process;

    public AzuriteServer()
    {
        Port = NginxCache.FreePort();
        var info = new ProcessStartInfo(Executable()!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--location", _location.Path, "--silent", "--skipApiVersionCheck", "--loose" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        NginxCache.WaitUntilListening(_process, Port, () => "");
    }

    public int Port { get; }

    public string ConnectionString(string key = Key) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{Port}/{Account};";

    public static string? Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "azurite-blob")).FirstOrDefault(File.Exists);

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _location.Dispose();
    }
}

/// <summary>Skips a test where Azurite is not installed (CI installs it with npm).</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (AzuriteServer.Executable() is null) Skip = "Azurite is not installed: npm install -g azurite";
    }
}
