using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 written on raw sockets, so tests can make it misbehave in ways a
/// real server library would not allow: drop a connection mid-body, lie about ranges, stall, serve HTML.
/// One request per connection (Connection: close) keeps it simple and makes every retry a new connection.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, ServedFile> _files = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly object _counterLock = new();

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    public string Url(string path) => BaseUrl + "/" + path.TrimStart('/');

    public ServedFile Serve(string path, byte[] body)
    {
        var file = new ServedFile(body);
        _files["/" + path.TrimStart('/')] = file;
        return file;
    }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public IReadOnlyList<RecordedRequest> RequestsFor(string path) =>
        _requests.Where(r => r.Path == "/" + path.TrimStart('/')).ToArray();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                    return;
                _requests.Enqueue(request);
                await RespondAsync(client, stream, request);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (cancellation tests do that on purpose).
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var received = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(received));
            if (read == 0)
                return null;
            received += read;
            var text = Encoding.ASCII.GetString(buffer, 0, received);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                if (received == buffer.Length)
                    return null;
                continue;
            }
            var lines = text[..end].Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = lines.Skip(1)
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            return new RecordedRequest(requestLine[0], requestLine[1].Split('?')[0], headers.GetValueOrDefault("Range"), requestLine[1]);
        }
    }

    private async Task RespondAsync(TcpClient client, NetworkStream stream, RecordedRequest request)
    {
        if (!_files.TryGetValue(request.Path, out var file))
        {
            await WriteSimpleAsync(stream, 404, "Not Found");
            return;
        }

        // Decide this response's misbehaviour atomically: concurrent requests each consume one counter.
        bool fail, drop;
        lock (_counterLock)
        {
            fail = file.FailuresBeforeSuccess > 0;
            if (fail)
                file.FailuresBeforeSuccess--;
            drop = !fail && file.DropsBeforeSuccess > 0;
            if (drop)
                file.DropsBeforeSuccess--;
        }
        var fileHeaders = string.Concat(file.Headers.Select(h => $"{h.Key}: {h.Value}\r\n"));
        if (file.Status is { } status)
        {
            await WriteSimpleAsync(stream, status, "Status", fileHeaders);
            return;
        }
        if (fail)
        {
            await WriteSimpleAsync(stream, file.FailureStatus, "Failure", fileHeaders);
            return;
        }

        var body = file.Body;
        long start = 0;
        var statusLine = "HTTP/1.1 200 OK";
        var extraHeaders = "Accept-Ranges: bytes\r\n";
        if (request.Range is { } range && file.HonourRange && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            start = long.Parse(range["bytes=".Length..].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= body.Length)
            {
                await WriteSimpleAsync(stream, 416, "Range Not Satisfiable");
                return;
            }
            statusLine = "HTTP/1.1 206 Partial Content";
            extraHeaders += $"Content-Range: bytes {start}-{body.Length - 1}/{body.Length}\r\n";
        }
        if (!file.HonourRange)
            extraHeaders = "";
        var length = body.Length - start;
        var header = $"{statusLine}\r\nContent-Type: {file.ContentType}\r\n"
            + (file.OmitContentLength ? "" : $"Content-Length: {length}\r\n")
            + extraHeaders + fileHeaders + "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);

        var limit = drop ? Math.Min(file.DropAfterBytes, length) : length;
        if (file.StallAfterBytes is { } stallAt)
            limit = Math.Min(limit, stallAt);
        await WriteBodyAsync(stream, body, (int)start, (int)limit, file.BytesPerSecond);

        if (drop)
        {
            // Reset rather than a clean FIN, like a real network failure mid-transfer.
            client.Client.LingerState = new LingerOption(true, 0);
            return;
        }
        if (file.StallAfterBytes is not null)
            await Task.Delay(Timeout.Infinite, _stop.Token);
    }

    private async Task WriteBodyAsync(NetworkStream stream, byte[] body, int start, int count, int? bytesPerSecond)
    {
        var chunk = bytesPerSecond is { } rate ? Math.Max(1, rate / 20) : 64 * 1024;
        for (var offset = 0; offset < count; offset += chunk)
        {
            var n = Math.Min(chunk, count - offset);
            await stream.WriteAsync(body.AsMemory(start + offset, n), _stop.Token);
            if (bytesPerSecond is not null)
                await Task.Delay(50, _stop.Token);
        }
    }

    private async Task WriteSimpleAsync(NetworkStream stream, int status, string reason, string extraHeaders = "")
    {
        var body = Encoding.ASCII.GetBytes($"{status} {reason}");
        var header = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);
        await stream.WriteAsync(body, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

/// <param name="Path">The request target without its query; files are served by it.</param>
/// <param name="Target">The request target exactly as the client sent it (escapes and query included).</param>
public sealed record RecordedRequest(string Method, string Path, string? Range, string Target);
