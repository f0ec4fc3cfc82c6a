using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace Datadings.Downloads;

/// <summary>
/// Streams one URL into a <see cref="PartialDownload"/>: retries transient failures with exponential backoff or the
/// server's Retry-After (a Polly retry pipeline), resumes with an HTTP Range request after a dropped connection,
/// follows redirects itself (http(s) only, loops named as such), and refuses HTML pages and wrong sizes before
/// writing a byte of them.
/// </summary>
/// <remarks>
/// Polly decides when and how often to try again; what an attempt is (resume from the partial's length, verify on
/// the fly) stays here, since a retry is not a replay of the same request: each one asks for the bytes still missing.
/// </remarks>
internal sealed class HttpTransfer(HttpClient client, DownloadOptions options, IDownloadListener listener)
{
    private const int ReadBufferSize = 256 * 1024;

    public async Task TransferAsync(SourceRequest source, Uri url, PartialDownload partial, CancellationToken cancellationToken)
    {
        var maxAttempts = options.Retries + 1;
        var pipeline = RetryPipeline(source, url, maxAttempts);
        try
        {
            await pipeline.ExecuteAsync(async token => await AttemptAsync(source, url, partial, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TransientFailure failure)
        {
            throw new DownloadFailedException(failure.Kind, source.Name,
                $"Could not download source '{source.Name}' from {url}: {failure.Message} (gave up after {maxAttempts} attempt(s)). "
                + "Check the URL and your network connection, add a mirror (Mirrors metadata), or raise DatadingsDownloadRetries / DatadingsDownloadTimeout.",
                url.ToString(), failure.InnerException);
        }
    }

    /// <summary>Backoff RetryDelay × 2^n capped at MaxRetryDelay, no jitter (one client per source); Retry-After wins.</summary>
    private ResiliencePipeline RetryPipeline(SourceRequest source, Uri url, int maxAttempts)
    {
        if (options.Retries == 0)
            return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientFailure>(),
            MaxRetryAttempts = options.Retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TransientFailure { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
            OnRetry = args =>
            {
                listener.Retrying(source.Name, url.ToString(), args.AttemptNumber + 1, maxAttempts, args.RetryDelay, args.Outcome.Exception!.Message);
                return default;
            },
        }).Build();
    }

    private async Task AttemptAsync(SourceRequest source, Uri url, PartialDownload partial, CancellationToken cancellationToken)
    {
        // One token per attempt that fires when the server goes quiet for longer than the idle timeout.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(options.Timeout);
        try
        {
            var resumeFrom = partial.Length;
            using var response = await SendFollowingRedirectsAsync(source, url, resumeFrom, idle.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;

            if (status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // Our partial is longer than the file, or the file changed: start over.
                partial.Reset();
                throw new TransientFailure(DownloadFailure.HttpError, "the server refused to resume (416); restarting from the beginning");
            }
            ThrowOnErrorStatus(source, url, response, options.MaxRetryAfter);

            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != resumeFrom)
                {
                    partial.Reset();
                    throw new TransientFailure(DownloadFailure.HttpError, $"the server resumed at byte {range?.From} instead of {resumeFrom}; restarting from the beginning");
                }
                partial.MarkResumedAt(resumeFrom);
            }
            else if (resumeFrom > 0)
            {
                // 200 to a Range request: the server does not support resuming and sends everything again.
                partial.Reset();
            }

            partial.ContentEncoding = response.Content.Headers.ContentEncoding.Count > 0 ? string.Join(", ", response.Content.Headers.ContentEncoding) : null;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (HtmlDetection.IsHtmlContentType(mediaType) && !HtmlDetection.SourceIsItselfHtml(source.Name))
                throw HtmlPage(source, url, $"Content-Type {mediaType}");

            // An encoded body (Content-Encoding) has another length than the file: its Size is checked after decoding.
            var expectedSize = partial.ContentEncoding is null ? source.Size : null;
            long? total = response.Content.Headers.ContentLength is { } length ? partial.Length + length : null;
            if (expectedSize is { } expected && total is { } announced && announced != expected)
            {
                throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                    $"Source '{source.Name}' at {url} is {ByteSizes.Exact(announced)} according to the server, but the project expects {ByteSizes.Exact(expected)} (MD5 {source.NormalizedMd5}). "
                    + "The file on the server has probably changed: check the Url, Size and Md5 metadata.", url.ToString());
            }
            total ??= expectedSize;

            await using var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await CopyBodyAsync(source, url, body, partial, total, expectedSize, idle, cancellationToken).ConfigureAwait(false);

            if (total is { } whole && partial.Length < whole)
                throw new TransientFailure(DownloadFailure.NetworkError, $"the connection closed after {ByteSizes.Exact(partial.Length)} of {ByteSizes.Exact(whole)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientFailure(DownloadFailure.NetworkError, $"no data for {options.Timeout.TotalSeconds:0.#} s (timeout)");
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new TransientFailure(DownloadFailure.NetworkError, "connection failed: " + e.Message, e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientFailure(DownloadFailure.NetworkError, "connection lost: " + e.Message, e);
        }
        catch (SocketException e)
        {
            throw new TransientFailure(DownloadFailure.NetworkError, "connection failed: " + e.Message, e);
        }
    }

    private async Task CopyBodyAsync(SourceRequest source, Uri url, Stream body, PartialDownload partial, long? total, long? expectedSize,
        CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBufferSize];
        var clock = Stopwatch.StartNew();
        var startLength = partial.Length;
        var lastReport = TimeSpan.Zero;
        var first = true;
        int read;
        while ((read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false)) > 0)
        {
            idle.CancelAfter(options.Timeout);
            if (first && partial.Length == 0 && !HtmlDetection.SourceIsItselfHtml(source.Name) && HtmlDetection.LooksLikeHtml(buffer.AsSpan(0, read)))
                throw HtmlPage(source, url, "the first bytes are an HTML document");
            first = false;

            await partial.AppendAsync(buffer.AsMemory(0, read), total, cancellationToken).ConfigureAwait(false);

            if (expectedSize is { } expected && partial.Length > expected)
            {
                throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                    $"Source '{source.Name}' at {url} is longer than the expected {ByteSizes.Exact(expected)} (MD5 {source.NormalizedMd5}); the download was stopped. "
                    + "The file on the server has probably changed: check the Url, Size and Md5 metadata.", url.ToString());
            }
            if (clock.Elapsed - lastReport >= options.ProgressInterval)
            {
                lastReport = clock.Elapsed;
                listener.Progress(new TransferProgress(source.Name, TransferPhase.Downloading, url.ToString(), partial.Length, total,
                    (partial.Length - startLength) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
            }
        }
        partial.Flush();
    }

    /// <summary>Retry-After as a delay: seconds, or an HTTP date (relative to now); null when absent or in the past.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait > TimeSpan.Zero ? wait : null;
    }

    private static void ThrowOnErrorStatus(SourceRequest source, Uri url, HttpResponseMessage response, TimeSpan maxRetryAfter)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
            return;
        var described = $"HTTP {status} {response.ReasonPhrase}";
        if (status is 404 or 410)
        {
            throw new DownloadFailedException(DownloadFailure.NotFound, source.Name,
                $"Source '{source.Name}' was not found at {url} ({described}). The URL is wrong or the file was moved: fix the Url metadata or add a mirror.", url.ToString());
        }
        if (status >= 500 || status is 408 or 429)
        {
            var retryAfter = RetryAfter(response);
            if (retryAfter > maxRetryAfter)
            {
                throw new DownloadFailedException(DownloadFailure.RetryAfterTooLong, source.Name,
                    $"Could not download source '{source.Name}' from {url}: the server answered {described} and asked to wait {ByteSizes.FormatDuration(retryAfter.Value)} "
                    + $"(Retry-After), longer than the {ByteSizes.FormatDuration(maxRetryAfter)} this build waits (DatadingsDownloadMaxRetryAfter). "
                    + "Build again later, add a mirror (Mirrors metadata), or raise DatadingsDownloadMaxRetryAfter.", url.ToString());
            }
            var asked = retryAfter is { } wait ? $" (Retry-After: {ByteSizes.FormatDuration(wait)})" : "";
            throw new TransientFailure(DownloadFailure.HttpError, $"the server answered {described}{asked}", retryAfter: retryAfter);
        }
        throw new DownloadFailedException(DownloadFailure.HttpError, source.Name,
            $"Could not download source '{source.Name}' from {url}: the server answered {described}."
            + (status is 401 or 403 ? " The file may need a login or licence acceptance: download it by hand and use ManualDownload, or a local path." : ""),
            url.ToString())
        {
            HttpStatus = status,
        };
    }

    /// <summary>
    /// Sends the GET (with Range when resuming) and follows 301/302/303/307/308 itself: automatic redirects would hand
    /// a file:// Location to the handler (a UriFormatException) and report a loop only as the 50th "302 Found".
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(SourceRequest source, Uri url, long resumeFrom, CancellationToken token)
    {
        var chain = new List<Uri> { url };
        var current = url;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (resumeFrom > 0)
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
                return response;
            using (response)
            {
                var described = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.Headers.Location is not { } location)
                {
                    var raw = response.Headers.NonValidated.TryGetValues("Location", out var values) ? $"'{string.Join(", ", values)}'" : "no Location header";
                    throw new DownloadFailedException(DownloadFailure.HttpError, source.Name,
                        $"Could not download source '{source.Name}': {current} answered {described} with {raw}, which is not a usable address. Fix the Url metadata or tell the server's owner.",
                        current.ToString());
                }
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    throw new DownloadFailedException(DownloadFailure.RedirectRefused, source.Name,
                        $"Source '{source.Name}': {current} redirected ({described}) to '{next.OriginalString}', a {next.Scheme}: address. Only http and https redirects are followed "
                        + "(a server must never make the build read local files or other protocols). Fix the Url metadata; for a local file use a path or file:// URL in Url itself.",
                        current.ToString());
                }
                if (chain.Contains(next) || chain.Count > options.MaxRedirects)
                {
                    var loop = chain.Contains(next);
                    var path = string.Join(" -> ", chain.Append(next));
                    throw new DownloadFailedException(DownloadFailure.RedirectLoop, source.Name,
                        loop
                            ? $"Source '{source.Name}': the redirects from {url} go round in a loop: {path}. The server is misconfigured (often a login or cookie check); open the URL in a browser, then fix the Url metadata or use a mirror."
                            : $"Source '{source.Name}': {url} redirected more than {options.MaxRedirects} times without reaching the file: {path}. Fix the Url metadata or use a mirror.",
                        url.ToString());
                }
                chain.Add(next);
                current = next;
            }
        }
    }

    private static DownloadFailedException HtmlPage(SourceRequest source, Uri url, string evidence) =>
        new(DownloadFailure.HtmlInsteadOfData, source.Name,
            $"Source '{source.Name}' at {url} returned an HTML page instead of the file ({evidence}). "
            + "The site probably wants a login, a licence acceptance or has moved the file: open the URL in a browser, then fix the Url or download it by hand (ManualDownload).",
            url.ToString());
}
