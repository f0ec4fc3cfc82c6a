using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Datadings.Downloads;

/// <summary>
/// Streams one URL into a <see cref="PartialDownload"/>: retries transient failures with exponential backoff,
/// resumes with an HTTP Range request after a dropped connection, and refuses HTML pages and wrong sizes
/// before writing a byte of them.
/// </summary>
internal sealed class HttpTransfer(HttpClient client, DownloadOptions options, IDownloadListener listener)
{
    private const int ReadBufferSize = 256 * 1024;

    public async Task TransferAsync(SourceRequest source, Uri url, PartialDownload partial, CancellationToken cancellationToken)
    {
        var maxAttempts = options.Retries + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AttemptAsync(source, url, partial, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TransientFailure failure) when (attempt < maxAttempts)
            {
                var delay = BackoffDelay(attempt);
                listener.Retrying(source.Name, url.ToString(), attempt, maxAttempts, delay, failure.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailure failure)
            {
                throw new DownloadFailedException(failure.Kind, source.Name,
                    $"Could not download source '{source.Name}' from {url}: {failure.Message} (gave up after {maxAttempts} attempt(s)). "
                    + "Check the URL and your network connection, add a mirror (Mirrors metadata), or raise DatadingsDownloadRetries / DatadingsDownloadTimeout.",
                    url.ToString(), failure.InnerException);
            }
        }
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        var ticks = options.RetryDelay.Ticks * Math.Pow(2, attempt - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxRetryDelay.Ticks));
    }

    private async Task AttemptAsync(SourceRequest source, Uri url, PartialDownload partial, CancellationToken cancellationToken)
    {
        // One token per attempt that fires when the server goes quiet for longer than the idle timeout.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var resumeFrom = partial.Length;
            if (resumeFrom > 0)
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;

            if (status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // Our partial is longer than the file, or the file changed: start over.
                partial.Reset();
                throw new TransientFailure(DownloadFailure.HttpError, "the server refused to resume (416); restarting from the beginning");
            }
            ThrowOnErrorStatus(source, url, response);

            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != resumeFrom)
                {
                    partial.Reset();
                    throw new TransientFailure(DownloadFailure.HttpError, $"the server resumed at byte {range?.From} instead of {resumeFrom}; restarting from the beginning");
                }
            }
            else if (resumeFrom > 0)
            {
                // 200 to a Range request: the server does not support resuming and sends everything again.
                partial.Reset();
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (HtmlDetection.IsHtmlContentType(mediaType) && !HtmlDetection.SourceIsItselfHtml(source.Name))
                throw HtmlPage(source, url, $"Content-Type {mediaType}");

            long? total = response.Content.Headers.ContentLength is { } length ? partial.Length + length : null;
            if (source.Size is { } expectedSize && total is { } announced && announced != expectedSize)
            {
                throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                    $"Source '{source.Name}' at {url} is {ByteSizes.Exact(announced)} according to the server, but the project expects {ByteSizes.Exact(expectedSize)} (MD5 {source.NormalizedMd5}). "
                    + "The file on the server has probably changed: check the Url, Size and Md5 metadata.", url.ToString());
            }
            total ??= source.Size;

            await using var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await CopyBodyAsync(source, url, body, partial, total, idle, cancellationToken).ConfigureAwait(false);

            if (total is { } expected && partial.Length < expected)
                throw new TransientFailure(DownloadFailure.NetworkError, $"the connection closed after {ByteSizes.Exact(partial.Length)} of {ByteSizes.Exact(expected)}");
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

    private async Task CopyBodyAsync(SourceRequest source, Uri url, Stream body, PartialDownload partial, long? total,
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

            await partial.AppendAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);

            if (source.Size is { } expectedSize && partial.Length > expectedSize)
            {
                throw new DownloadFailedException(DownloadFailure.SizeMismatch, source.Name,
                    $"Source '{source.Name}' at {url} is longer than the expected {ByteSizes.Exact(expectedSize)} (MD5 {source.NormalizedMd5}); the download was stopped. "
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

    private static void ThrowOnErrorStatus(SourceRequest source, Uri url, HttpResponseMessage response)
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
            throw new TransientFailure(DownloadFailure.HttpError, $"the server answered {described}");
        throw new DownloadFailedException(DownloadFailure.HttpError, source.Name,
            $"Could not download source '{source.Name}' from {url}: the server answered {described}."
            + (status is 401 or 403 ? " The file may need a login or licence acceptance: download it by hand and use ManualDownload, or a local path." : ""),
            url.ToString());
    }

    private static DownloadFailedException HtmlPage(SourceRequest source, Uri url, string evidence) =>
        new(DownloadFailure.HtmlInsteadOfData, source.Name,
            $"Source '{source.Name}' at {url} returned an HTML page instead of the file ({evidence}). "
            + "The site probably wants a login, a licence acceptance or has moved the file: open the URL in a browser, then fix the Url or download it by hand (ManualDownload).",
            url.ToString());
}
