using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

public sealed class HttpDownloadTests : EngineTestBase
{
    [Fact]
    public async Task Downloads_into_the_content_addressed_cache_under_the_source_name()
    {
        var (source, _, bytes) = Served("train.bin");

        var result = await ResolveAsync(source);

        Assert.Equal(SourceOutcome.Downloaded, result.Outcome);
        Assert.Equal(Path.Combine(Cache.Root, source.Md5, "train.bin"), result.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(bytes.Length, result.Size);
        Assert.Equal(bytes.Length, result.BytesTransferred);
        Assert.Equal(0, result.BytesHashed); // hashed on the fly, never read back
        Assert.False(File.Exists(Cache.PartialPath(source.Md5)));
    }

    [Fact]
    public async Task Second_resolve_neither_downloads_nor_hashes()
    {
        var (source, _, _) = Served("train.bin");
        await ResolveAsync(source);

        var again = await ResolveAsync(source);

        Assert.Equal(SourceOutcome.AlreadyVerified, again.Outcome);
        Assert.Equal(0, again.BytesHashed);
        Assert.Equal(0, again.BytesTransferred);
        Assert.Single(Server.RequestsFor("train.bin"));
    }

    [Fact]
    public async Task Accepts_md5_in_upper_case()
    {
        var (source, _, _) = Served("upper.bin");
        var result = await ResolveAsync(source with { Md5 = source.Md5.ToUpperInvariant() });
        Assert.Equal(source.Md5, result.Md5);
    }

    [Fact]
    public async Task Resumes_with_a_range_request_after_the_connection_drops_mid_body()
    {
        var (source, file, bytes) = Served("dropped.bin", 500_000);
        file.DropsBeforeSuccess = 1;
        file.DropAfterBytes = 200_000;

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        var requests = Server.RequestsFor("dropped.bin");
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Matches(@"^bytes=\d+-$", requests[1].Range);
        Assert.True(long.Parse(requests[1].Range!["bytes=".Length..^1]) > 0, "the retry must resume, not restart");
        Assert.Single(Listener.Retries);
    }

    [Fact]
    public async Task Restarts_from_zero_when_the_server_ignores_range()
    {
        var (source, file, bytes) = Served("norange.bin", 500_000);
        file.DropsBeforeSuccess = 1;
        file.DropAfterBytes = 200_000;
        file.HonourRange = false;

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(2, Server.RequestsFor("norange.bin").Count);
    }

    [Fact]
    public async Task A_leftover_partial_longer_than_the_file_is_discarded_after_416()
    {
        var (source, _, bytes) = Served("shrunk.bin", 300_000);
        Directory.CreateDirectory(Cache.EntryDirectory(source.Md5));
        File.WriteAllBytes(Cache.PartialPath(source.Md5), TestBytes.Random(400_000, seed: 3));

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        var requests = Server.RequestsFor("shrunk.bin");
        Assert.Equal("bytes=400000-", requests[0].Range);
        Assert.Null(requests[^1].Range);
    }

    [Fact]
    public async Task Retries_500_twice_then_succeeds()
    {
        var (source, file, bytes) = Served("flaky.bin");
        file.FailuresBeforeSuccess = 2;

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(3, Server.RequestsFor("flaky.bin").Count);
        Assert.All(Listener.Retries, reason => Assert.Contains("500", reason));
    }

    [Fact]
    public async Task Gives_up_on_a_server_that_keeps_failing_after_the_configured_retries()
    {
        var (source, file, _) = Served("broken.bin");
        file.FailuresBeforeSuccess = 100;
        file.FailureStatus = 503;

        var failure = await FailsAsync(source, FastOptions with { Retries = 2 });

        Assert.Equal(DownloadFailure.HttpError, failure.Failure);
        Assert.Contains("503", failure.Message);
        Assert.Contains("3 attempt(s)", failure.Message);
        Assert.Equal(3, Server.RequestsFor("broken.bin").Count);
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task Not_found_fails_at_once_with_the_url()
    {
        var source = new SourceRequest("missing.bin", new string('a', 32), [Server.Url("missing.bin")]);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.NotFound, failure.Failure);
        Assert.Contains(Server.Url("missing.bin"), failure.Message);
        Assert.Contains("404", failure.Message);
        Assert.Single(Server.RequestsFor("missing.bin")); // a 404 is not retried
    }

    [Fact]
    public async Task Forbidden_is_not_retried_and_suggests_a_manual_download()
    {
        var (source, file, _) = Served("private.bin");
        file.Status = 403;

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.HttpError, failure.Failure);
        Assert.Contains("ManualDownload", failure.Message);
        Assert.Single(Server.RequestsFor("private.bin"));
    }

    [Fact]
    public async Task Wrong_bytes_fail_with_both_md5s_and_sizes_and_leave_nothing_in_the_cache()
    {
        var (source, file, _) = Served("wrong.bin", 1000);
        file.Body = TestBytes.Random(1200, seed: 99);
        var actualMd5 = TestBytes.Md5(file.Body);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains(source.Md5, failure.Message);
        Assert.Contains(actualMd5, failure.Message);
        Assert.Contains("1,200 bytes", failure.Message);
        Assert.Contains(Server.Url("wrong.bin"), failure.Message);
        AssertNoFinalFile(source);
        Assert.False(File.Exists(Cache.PartialPath(source.Md5)), "wrong bytes leave no .partial behind");
    }

    [Fact]
    public async Task Html_content_type_is_reported_as_a_web_page()
    {
        var (source, file, _) = Served("login.bin");
        file.ContentType = "text/html; charset=utf-8";

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.HtmlInsteadOfData, failure.Failure);
        Assert.Contains("HTML page", failure.Message);
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task Html_bytes_behind_a_binary_content_type_are_recognised()
    {
        var (source, file, _) = Served("sneaky.bin");
        file.Body = "<!DOCTYPE html><html><body>Please log in</body></html>"u8.ToArray();

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.HtmlInsteadOfData, failure.Failure);
    }

    [Fact]
    public async Task An_html_source_may_be_html()
    {
        var bytes = "<html><body>the data is a page</body></html>"u8.ToArray();
        Server.Serve("page.html", bytes).ContentType = "text/html";

        var result = await ResolveAsync(new SourceRequest("page.html", TestBytes.Md5(bytes), [Server.Url("page.html")]));

        Assert.Equal(SourceOutcome.Downloaded, result.Outcome);
    }

    [Fact]
    public async Task Announced_size_that_differs_from_Size_fails_before_downloading()
    {
        var (source, _, bytes) = Served("sized.bin", 1000, size: 999);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.SizeMismatch, failure.Failure);
        Assert.Contains("1,000 bytes", failure.Message);
        Assert.Contains("999 bytes", failure.Message);
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task Body_longer_than_Size_without_content_length_is_stopped()
    {
        var (source, file, _) = Served("endless.bin", 100_000, size: 50_000);
        file.OmitContentLength = true;

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.SizeMismatch, failure.Failure);
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task Mirrors_are_tried_in_order_until_one_works()
    {
        var (good, _, bytes) = Served("mirrored.bin");
        var source = good with { Locations = [Server.Url("gone/mirrored.bin"), Server.Url("mirrored.bin")] };

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(Server.Url("mirrored.bin"), result.Location);
        Assert.Equal(DownloadFailure.NotFound, Assert.Single(Listener.MirrorFailures).Failure);
    }

    [Fact]
    public async Task When_every_mirror_fails_the_error_lists_them_all()
    {
        var source = new SourceRequest("nowhere.bin", new string('b', 32), [Server.Url("a/nowhere.bin"), Server.Url("b/nowhere.bin")]);

        var failure = await FailsAsync(source);

        Assert.Contains(Server.Url("a/nowhere.bin"), failure.Message);
        Assert.Contains(Server.Url("b/nowhere.bin"), failure.Message);
        Assert.Single(failure.MirrorFailures);
    }

    [Fact]
    public async Task A_stalled_server_times_out_and_is_retried()
    {
        var (source, file, _) = Served("stall.bin", 200_000);
        file.StallAfterBytes = 1000;

        var failure = await FailsAsync(source, FastOptions with { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 });

        Assert.Equal(DownloadFailure.NetworkError, failure.Failure);
        Assert.Contains("timeout", failure.Message);
        Assert.Equal(2, Server.RequestsFor("stall.bin").Count);
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task Unreachable_server_is_a_network_error()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}/x.bin";
        port.Stop(); // nothing listens there now

        var failure = await FailsAsync(new SourceRequest("x.bin", new string('c', 32), [url]), FastOptions with { Retries = 1 });

        Assert.Equal(DownloadFailure.NetworkError, failure.Failure);
        Assert.Contains(url, failure.Message);
    }

    [Fact]
    public async Task Reports_progress_with_bytes_total_and_rate()
    {
        var (source, _, bytes) = Served("progress.bin", 1_000_000);

        await ResolveAsync(source);

        var last = Listener.ProgressReports.Last();
        Assert.Equal(TransferPhase.Downloading, last.Phase);
        Assert.Equal(bytes.Length, last.BytesDone);
        Assert.Equal(bytes.Length, last.TotalBytes);
        Assert.True(last.BytesPerSecond > 0);
        Assert.Equal(1.0, last.Fraction);
    }

    [Fact]
    public async Task Invalid_md5_is_rejected_before_any_request()
    {
        var failure = await FailsAsync(new SourceRequest("bad.bin", "xyz", [Server.Url("bad.bin")]));

        Assert.Equal(DownloadFailure.InvalidSource, failure.Failure);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Unsupported_scheme_is_rejected()
    {
        var failure = await FailsAsync(new SourceRequest("ftp.bin", new string('d', 32), ["ftp://example.invalid/ftp.bin"]));
        Assert.Equal(DownloadFailure.InvalidSource, failure.Failure);
    }
}
