using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

/// <summary>Issue 17's download faults, each rebuilt against the loopback server: Retry-After, redirects, resumes, trust.</summary>
public sealed class HardeningTests : EngineTestBase
{
    [Fact]
    public async Task Retry_after_replaces_the_backoff_delay()
    {
        var (source, file, bytes) = Served("busy.bin");
        file.FailuresBeforeSuccess = 1;
        file.FailureStatus = 429;
        file.Headers["Retry-After"] = "1";

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(Listener.RetryDelays)); // FastOptions back off 10 ms
        Assert.Contains("Retry-After", Assert.Single(Listener.Retries));
    }

    [Fact]
    public async Task A_cache_folder_that_is_a_file_is_named_as_such()
    {
        var (source, _, _) = Served("any.bin");
        File.WriteAllText(Temp.Combine("cache"), "a file where the cache folder should be");

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.LocalIoError, failure.Failure);
        Assert.Contains($"{Temp.Combine("cache")} is a file, not a folder", failure.Message);
        Assert.DoesNotContain("Could not find a part of the path", failure.Message);
        Assert.Empty(Server.RequestsFor("any.bin"));
    }

    [Fact]
    public async Task Retry_after_beyond_the_cap_fails_at_once_saying_how_long_the_server_asked()
    {
        var (source, file, _) = Served("later.bin");
        file.Status = 503;
        file.Headers["Retry-After"] = "3600";
        var clock = Stopwatch.StartNew();

        var failure = await FailsAsync(source, FastOptions with { MaxRetryAfter = TimeSpan.FromSeconds(30) });

        Assert.Equal(DownloadFailure.RetryAfterTooLong, failure.Failure);
        Assert.Contains("asked to wait 1h00m", failure.Message);
        Assert.Contains("DatadingsDownloadMaxRetryAfter", failure.Message);
        Assert.Single(Server.RequestsFor("later.bin"));
        Assert.Empty(Listener.Retries);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_relative_redirect_to_http_is_followed_keeping_the_range()
    {
        var (_, target, bytes) = Served("real/data.bin", 400_000);
        target.DropsBeforeSuccess = 1;
        target.DropAfterBytes = 100_000;
        var moved = Server.Serve("moved.bin", []);
        moved.Status = 302;
        moved.Headers["Location"] = "/real/data.bin";
        var source = new SourceRequest("moved.bin", TestBytes.Md5(bytes), [Server.Url("moved.bin")]);

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        var hops = Server.RequestsFor("real/data.bin");
        Assert.Equal(2, hops.Count);
        Assert.NotNull(hops[1].Range); // the retry went through the redirect again and resumed
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file:")]
    [InlineData("ftp://127.0.0.1/data.bin", "ftp:")]
    public async Task A_redirect_to_another_scheme_is_refused(string location, string scheme)
    {
        var file = Server.Serve("elsewhere.bin", []);
        file.Status = 302;
        file.Headers["Location"] = location;
        var source = new SourceRequest("elsewhere.bin", new string('a', 32), [Server.Url("elsewhere.bin")]);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.RedirectRefused, failure.Failure);
        Assert.Contains($"a {scheme} address", failure.Message);
        Assert.Contains(location, failure.Message);
        Assert.Single(Server.RequestsFor("elsewhere.bin")); // refused, not retried
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task A_redirect_loop_is_named_a_loop()
    {
        var a = Server.Serve("a.bin", []);
        a.Status = 302;
        a.Headers["Location"] = Server.Url("b.bin");
        var b = Server.Serve("b.bin", []);
        b.Status = 301;
        b.Headers["Location"] = "/a.bin";
        var source = new SourceRequest("a.bin", new string('a', 32), [Server.Url("a.bin")]);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.RedirectLoop, failure.Failure);
        Assert.Contains("loop", failure.Message);
        Assert.Contains($"{Server.Url("a.bin")} -> {Server.Url("b.bin")} -> {Server.Url("a.bin")}", failure.Message);
        Assert.Single(Server.RequestsFor("a.bin"));
    }

    [Fact]
    public async Task Percent_escapes_reach_the_server_exactly_as_written()
    {
        const string path = "signed/a%2Bb%2Fc%3D%25d.bin?sig=x%2By%3D&exp=1";
        var bytes = TestBytes.Random(10_000, 7);
        Server.Serve("signed/a%2Bb%2Fc%3D%25d.bin", bytes);
        var source = new SourceRequest("a+b.bin", TestBytes.Md5(bytes), [Server.Url(path)]);

        await ResolveAsync(source);

        Assert.Equal("/" + path, Assert.Single(Server.Requests).Target);
    }

    [Fact]
    public async Task A_malformed_url_is_an_invalid_source_not_an_unexpected_error()
    {
        var failure = await FailsAsync(new SourceRequest("x.bin", new string('a', 32), ["http://"]));

        Assert.Equal(DownloadFailure.InvalidSource, failure.Failure);
        Assert.Contains("'http://', which is not a valid http(s) URL", failure.Message);
    }

    [Fact]
    public async Task A_damaged_partial_is_resumed_then_restarted_from_zero_once_in_the_same_build()
    {
        var (source, _, bytes) = Served("damaged.bin", 300_000);
        Directory.CreateDirectory(Cache.EntryDirectory(source.Md5));
        var damaged = bytes[..100_000].ToArray();
        damaged[50_000] ^= 0xFF; // what a flaky disk or an injecting proxy leaves
        await File.WriteAllBytesAsync(Cache.PartialPath(source.Md5), damaged);

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(100_000, Assert.Single(Listener.RestartedResumes));
        var requests = Server.RequestsFor("damaged.bin");
        Assert.Equal(["bytes=100000-", null], requests.Select(r => r.Range));
    }

    [Fact]
    public async Task A_restarted_download_that_still_fails_says_the_first_attempt_was_a_resume()
    {
        var (source, file, bytes) = Served("changed.bin", 300_000);
        Directory.CreateDirectory(Cache.EntryDirectory(source.Md5));
        await File.WriteAllBytesAsync(Cache.PartialPath(source.Md5), bytes[..100_000]);
        file.Body = TestBytes.Random(300_000, 99); // the publisher changed the file: no retry can help

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains("fresh download from byte zero", failure.Message);
        Assert.Contains("resumed an interrupted download at byte 100,000", failure.Message);
        Assert.Equal(2, Server.RequestsFor("changed.bin").Count); // one resume, one restart, no more
        AssertNoFinalFile(source);
    }

    [Fact]
    public async Task A_wrong_size_fails_also_when_the_cache_already_holds_the_file()
    {
        var (source, _, bytes) = Served("sized.bin");
        await ResolveAsync(source with { Size = bytes.Length });

        var failure = await FailsAsync(source with { Size = bytes.Length + 1 });

        Assert.Equal(DownloadFailure.SizeMismatch, failure.Failure);
        Assert.Contains((bytes.Length + 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", failure.Message);
        Assert.Contains("Size metadata is wrong", failure.Message);
        Assert.Single(Server.RequestsFor("sized.bin"));
    }

    [Fact]
    public async Task A_wrong_size_fails_for_a_stamped_local_file()
    {
        var path = Temp.Combine("local.bin");
        var bytes = TestBytes.Random(5_000, 3);
        await File.WriteAllBytesAsync(path, bytes);
        var source = new SourceRequest("local.bin", TestBytes.Md5(bytes), [path]);
        Assert.Equal(SourceOutcome.Verified, (await ResolveAsync(source)).Outcome);

        var failure = await FailsAsync(source with { Size = 4_999 });

        Assert.Equal(DownloadFailure.SizeMismatch, failure.Failure);
    }

    [Fact]
    public async Task A_same_size_edit_with_the_old_mtime_put_back_is_hashed_and_refused()
    {
        var path = Temp.Combine("sneaky.bin");
        var bytes = TestBytes.Random(5_000, 4);
        await File.WriteAllBytesAsync(path, bytes);
        var source = new SourceRequest("sneaky.bin", TestBytes.Md5(bytes), [path]);
        await ResolveAsync(source);
        var mtime = File.GetLastWriteTimeUtc(path);

        var edited = bytes.ToArray();
        edited[10] ^= 1;
        await File.WriteAllBytesAsync(path, edited);
        File.SetLastWriteTimeUtc(path, mtime); // what cp -p, rsync -t and touch -d do

        var failure = await FailsAsync(source);
        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains(TestBytes.Md5(edited), failure.Message);
    }

    [Fact]
    public async Task A_login_page_for_a_manual_source_gives_the_manual_download_instructions()
    {
        var page = Server.Serve("licensed.tar", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Please log in</body></html>"));
        page.ContentType = "text/html";
        var md5 = new string('c', 32);
        var source = new SourceRequest("licensed.tar", md5, [Server.Url("licensed.tar")], 1234, "Register at example.org and accept the licence");

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ManualDownloadRequired, failure.Failure);
        Assert.Contains("Register at example.org and accept the licence.", failure.Message);
        Assert.Contains($"Put the file at '{Cache.FinalPath(md5, "licensed.tar")}' (MD5 {md5}, 1,234 bytes)", failure.Message);
        Assert.Contains("HTML page", failure.Message);
    }

    [Fact]
    public async Task A_manual_source_with_a_url_uses_the_file_put_in_its_drop_place()
    {
        var bytes = TestBytes.Random(2_000, 5);
        var md5 = TestBytes.Md5(bytes);
        Server.Serve("licensed.bin", []).Status = 403;
        var source = new SourceRequest("licensed.bin", md5, [Server.Url("licensed.bin")], null, "Log in first", Temp.Combine("drop", "licensed.bin"));
        Directory.CreateDirectory(Temp.Combine("drop"));
        await File.WriteAllBytesAsync(source.ManualDropPath!, bytes);

        var result = await ResolveAsync(source);

        Assert.Equal(source.ManualDropPath, result.Path);
        Assert.Empty(Server.RequestsFor("licensed.bin"));
    }

    [Fact]
    public async Task A_body_the_server_gzipped_in_transit_is_decompressed_when_that_matches()
    {
        var bytes = TestBytes.Random(200_000, 6);
        var file = Server.Serve("plain.csv", Gzip(bytes));
        file.Headers["Content-Encoding"] = "gzip";
        var source = new SourceRequest("plain.csv", TestBytes.Md5(bytes), [Server.Url("plain.csv")], bytes.Length);

        var result = await ResolveAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path));
        Assert.Equal(["plain.csv"], Directory.GetFiles(Cache.EntryDirectory(source.Md5)).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
        Assert.False(File.Exists(Cache.PartialPath(source.Md5) + ".decoded"));
    }

    [Fact]
    public async Task A_gzip_content_encoding_on_an_uncompressed_body_is_explained()
    {
        var file = Server.Serve("labelled.bin", TestBytes.Random(20_000, 8));
        file.Headers["Content-Encoding"] = "gzip";
        var source = new SourceRequest("labelled.bin", new string('d', 32), [Server.Url("labelled.bin")]);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains("declared 'Content-Encoding: gzip', but the body is not gzip-compressed", failure.Message);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return output.ToArray();
    }
}
