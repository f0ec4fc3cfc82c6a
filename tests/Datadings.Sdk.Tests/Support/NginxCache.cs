using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// Debian's nginx as an HTTP remote cache, started by the test on a free loopback port with its own prefix, config
/// and storage in a temp folder: <c>/cache/</c> accepts GET/HEAD/PUT (<c>dav_methods PUT</c>), <c>/locked/</c> answers
/// 403, <c>/auth/</c> wants Basic credentials <see cref="User"/>/<see cref="Password"/>.
/// </summary>
public sealed class NginxCache : IDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";
    public const string User = "datasets";
    public const string Password = "s3cret-pass";

    private readonly TempDirectory _prefix = new("dd-nginx");
    private readonly Process _process;

    public NginxCache()
    {
        var root = _prefix.Combine("root");
        foreach (var dir in new[] { root, _prefix.Combine("root", "cache"), _prefix.Combine("root", "auth"), _prefix.Combine("body"), _prefix.Combine("logs") })
            Directory.CreateDirectory(dir);
        File.WriteAllText(_prefix.Combine("htpasswd"), $"{User}:{{PLAIN}}{Password}\n");
        Port = FreePort();
        File.WriteAllText(_prefix.Combine("nginx.conf"), $$"""
            worker_processes 1;
            pid {{_prefix.Combine("nginx.pid")}};
            error_log {{_prefix.Combine("logs", "error.log")}};
            events { worker_connections 64; }
            http {
              access_log {{_prefix.Combine("logs", "access.log")}};
              client_body_temp_path {{_prefix.Combine("body")}};
              client_max_body_size 0;
              server {
                listen 127.0.0.1:{{Port}};
                root {{root}};
                location /cache/ { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }
                location /locked/ { deny all; }
                location /auth/ { auth_basic "cache"; auth_basic_user_file {{_prefix.Combine("htpasswd")}}; dav_methods PUT; create_full_put_path on; }
              }
            }
            """);
        var info = new ProcessStartInfo(NginxPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", _prefix.Path, "-c", _prefix.Combine("nginx.conf"), "-e", _prefix.Combine("logs", "error.log"), "-g", "daemon off; user root;" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        WaitUntilListening();
    }

    public int Port { get; }

    public string Url(string location = "cache") => $"http://127.0.0.1:{Port}/{location}/";

    /// <summary>Where nginx stores what was PUT under /cache/ (tests read and damage it directly).</summary>
    public string Storage => _prefix.Combine("root", "cache");

    public IEnumerable<string> StoredFiles(string location = "cache") =>
        Directory.EnumerateFiles(_prefix.Combine("root", location), "*", SearchOption.AllDirectories);

    public string AccessLog => File.Exists(_prefix.Combine("logs", "access.log")) ? File.ReadAllText(_prefix.Combine("logs", "access.log")) : "";

    /// <summary>Stops the server (a cache that goes away).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    private void WaitUntilListening() =>
        WaitUntilListening(_process, Port, () => File.ReadAllText(_prefix.Combine("logs", "error.log")));

    /// <summary>Waits until <paramref name="process"/> accepts connections on <paramref name="port"/>; fails with its errors if it exits.</summary>
    public static void WaitUntilListening(Process process, int port, Func<string> errors)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited: {process.StandardError.ReadToEnd()}{errors()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(50);
            }
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _prefix.Dispose();
    }
}

/// <summary>Skips a test where Debian's nginx is not installed (CI installs it).</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!File.Exists(NginxCache.NginxPath)) Skip = "nginx is not installed: apt-get install nginx-light";
    }
}

/// <summary>Needs nginx and a mountable tmpfs (a really full disk): skipped, with the reason, where either is missing.</summary>
public sealed class NginxTmpfsFactAttribute : FactAttribute
{
    public NginxTmpfsFactAttribute()
    {
        if (!File.Exists(NginxCache.NginxPath)) Skip = "nginx is not installed: apt-get install nginx-light";
        else if (Datadings.Tests.Support.Tmpfs.Unavailable is { } reason) Skip = reason;
    }
}
