using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datadings.Bench.Downloads;

/// <summary>Serves one file on 127.0.0.1 with sendfile, so the server is never the bottleneck being measured.</summary>
internal sealed class FileServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _path;

    public FileServer(string path)
    {
        _path = path;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{Path.GetFileName(path)}";
        _ = Task.Run(AcceptLoopAsync);
    }

    public string Url { get; }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    var buffer = new byte[8192];
                    var received = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(received));
                        if (n == 0)
                            return;
                        received += n;
                    }
                    var length = new FileInfo(_path).Length;
                    var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n");
                    await socket.SendFileAsync(_path, header, null, TransmitFileOptions.UseDefaultWorkerThread);
                    socket.Shutdown(SocketShutdown.Send);
                }
            });
        }
    }

    public void Dispose() => _listener.Stop();
}
