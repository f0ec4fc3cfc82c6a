using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// A cache on 127.0.0.1 that answers every GET with a 1 MB body and then sends it one byte at a time, one byte every
/// <c>interval</c> (well under any no-progress timeout), forever: it never stalls, it only trickles. HEAD is a 404,
/// anything else is refused. One request per connection.
/// </summary>
public sealed class TricklingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _interval;
    private int _getRequests;
    private long _bytesSent;

    public TricklingServer(TimeSpan interval)
    {
        _interval = interval;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/cache/";

    public int GetRequests => Volatile.Read(ref _getRequests);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var method = request.ToString().Split(' ')[0];
            if (method != "GET")
            {
                var status = method == "HEAD" ? "404 Not Found" : "405 Method Not Allowed";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                return;
            }
            Interlocked.Increment(ref _getRequests);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n"), _stop.Token);
            for (int i = 0; i < 1_000_000; i++)
            {
                await stream.WriteAsync(new byte[] { (byte)'x' }, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                Interlocked.Increment(ref _bytesSent);
                await Task.Delay(_interval, _stop.Token);
            }
        }
        catch (Exception)
        {
            // The client gave up (what the test wants) or the server is stopping.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
