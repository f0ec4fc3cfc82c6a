using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Datadings.Caching;

/// <summary>
/// A plain HTTP cache: <c>GET</c>/<c>HEAD</c>/<c>PUT</c> of <c>BASE/PATH</c>, the protocol of bazel-remote and of an
/// nginx location with <c>dav_methods PUT</c> (nginx writes the body to a temporary file and renames it when the
/// request is complete, so a half-sent upload is never visible). Credentials come from the environment only:
/// <c>DATADINGS_REMOTE_CACHE_TOKEN</c> (Bearer) or <c>DATADINGS_REMOTE_CACHE_USER</c> +
/// <c>DATADINGS_REMOTE_CACHE_PASSWORD</c> (Basic).
/// </summary>
public sealed class HttpRemoteCache : IRemoteCache
{
    public const string TokenVariable = "DATADINGS_REMOTE_CACHE_TOKEN";
    public const string UserVariable = "DATADINGS_REMOTE_CACHE_USER";
    public const string PasswordVariable = "DATADINGS_REMOTE_CACHE_PASSWORD";

    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly TimeSpan _stall;
    private readonly double _minimumRate;

    /// <param name="baseAddress">The cache's base URL (no credentials in it).</param>
    /// <param name="timeout">
    /// The longest time without progress: to connect, for the response headers, and between two chunks of a body in
    /// either direction. A transfer that stalls fails after this time with a <see cref="RemoteCacheException"/>.
    /// </param>
    /// <param name="minimumBytesPerSecond">
    /// The lowest average rate of a transfer after its first <paramref name="timeout"/> (see <see cref="StallGuard"/>);
    /// a slower one fails with a <see cref="RemoteCacheException"/> whose <c>TooSlow</c> is set. 0: no rate bound.
    /// </param>
    public HttpRemoteCache(Uri baseAddress, TimeSpan timeout, double minimumBytesPerSecond = 0)
    {
        _stall = timeout;
        _minimumRate = minimumBytesPerSecond;
        if (!string.IsNullOrEmpty(baseAddress.UserInfo))
            throw new ArgumentException("the remote cache address must not hold credentials; set " + UserVariable + "/" + PasswordVariable + " or " + TokenVariable);
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout }) { Timeout = Timeout.InfiniteTimeSpan };
        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (Environment.GetEnvironmentVariable(UserVariable) is { Length: > 0 } user)
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Environment.GetEnvironmentVariable(PasswordVariable))));
    }

    public string Description => _base.GetLeftPart(UriPartial.Path);

    public async Task<bool> TryGetAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var guard = new StallGuard(_stall, _minimumRate, cancellationToken);
        using var response = await SendAsync(HttpMethod.Get, path, null, guard).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        EnsureSuccess(response, "GET", path);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(guard.Token).ConfigureAwait(false);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, guard.Token).ConfigureAwait(false)) > 0)
            {
                guard.Kick(read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!guard.CallerCancelled)
        {
            throw guard.Failure($"GET {path} from {Description}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new RemoteCacheException($"GET {path} from {Description} broke off: {e.Message}", e);
        }
        return true;
    }

    /// <summary>
    /// <c>HEAD</c>: the size from <c>Content-Length</c>, the MD5 from <c>Content-MD5</c> when the server sends one
    /// (nginx does not; then a caller that must know the content hashes the entry itself).
    /// </summary>
    public async Task<RemoteStat?> StatAsync(string path, CancellationToken cancellationToken)
    {
        using var guard = new StallGuard(_stall, 0, cancellationToken);
        using var response = await SendAsync(HttpMethod.Head, path, null, guard).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        EnsureSuccess(response, "HEAD", path);
        var md5 = response.Content.Headers.ContentMD5 is { Length: 16 } hash ? Convert.ToHexStringLower(hash) : null;
        return new RemoteStat(response.Content.Headers.ContentLength ?? -1, md5);
    }

    public async Task PutAsync(string path, string file, string? md5, CancellationToken cancellationToken)
    {
        using var guard = new StallGuard(_stall, _minimumRate, cancellationToken);
        await using var stream = new GuardedReadStream(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), guard);
        using var content = new StreamContent(stream, 1 << 16);
        content.Headers.ContentLength = stream.Length;
        // Servers that check it (S3-like stores) refuse a body that arrived different from what was sent.
        if (md5 is not null) content.Headers.ContentMD5 = Convert.FromHexString(md5);
        using var response = await SendAsync(HttpMethod.Put, path, content, guard).ConfigureAwait(false);
        EnsureSuccess(response, "PUT", path);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, StallGuard guard)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path)) { Content = content };
        try
        {
            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token).ConfigureAwait(false);
            guard.Kick();
            return response;
        }
        catch (OperationCanceledException e) when (!guard.CallerCancelled)
        {
            throw guard.Failure($"{method} {path} at {Description}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !guard.CallerCancelled)
        {
            throw new RemoteCacheException($"{method} {path} at {Description} failed: {e.Message}", e);
        }
    }

    private void EnsureSuccess(HttpResponseMessage response, string method, string path)
    {
        if (response.IsSuccessStatusCode) return;
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $" (check {TokenVariable} or {UserVariable}/{PasswordVariable})" : "";
        throw new RemoteCacheException($"{method} {path} at {Description} answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}");
    }

    public void Dispose() => _client.Dispose();
}
