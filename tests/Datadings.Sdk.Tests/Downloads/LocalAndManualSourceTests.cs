using Datadings.Downloads;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Downloads;

public sealed class LocalAndManualSourceTests : EngineTestBase
{
    private (string Path, byte[] Bytes, string Md5) LocalFile(string name, int length = 10_000)
    {
        var bytes = TestBytes.Random(length, seed: length);
        var path = Temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return (path, bytes, TestBytes.Md5(bytes));
    }

    [Fact]
    public async Task File_url_is_verified_in_place_and_not_copied()
    {
        var (path, _, md5) = LocalFile("local.bin");

        var result = await ResolveAsync(new SourceRequest("local.bin", md5, [new Uri(path).AbsoluteUri]));

        Assert.Equal(SourceOutcome.Verified, result.Outcome);
        Assert.Equal(path, result.Path);
        Assert.Null(Cache.FindEntry(md5));
    }

    [Fact]
    public async Task Plain_path_is_verified_once_then_trusted_while_size_and_mtime_are_unchanged()
    {
        var (path, bytes, md5) = LocalFile("plain.bin");
        var source = new SourceRequest("plain.bin", md5, [path]);

        var first = await ResolveAsync(source);
        var second = await ResolveAsync(source);

        Assert.Equal(bytes.Length, first.BytesHashed);
        Assert.Equal(SourceOutcome.AlreadyVerified, second.Outcome);
        Assert.Equal(0, second.BytesHashed);
    }

    [Fact]
    public async Task A_touched_file_is_hashed_again()
    {
        var (path, _, md5) = LocalFile("touched.bin");
        var source = new SourceRequest("touched.bin", md5, [path]);
        await ResolveAsync(source);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        var again = await ResolveAsync(source);

        Assert.Equal(SourceOutcome.Verified, again.Outcome);
    }

    [Fact]
    public async Task A_changed_local_file_fails_with_both_md5s()
    {
        var (path, bytes, md5) = LocalFile("changed.bin");
        var source = new SourceRequest("changed.bin", md5, [path]);
        await ResolveAsync(source);

        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains(md5, failure.Message);
        Assert.Contains(TestBytes.Md5(bytes), failure.Message);
        Assert.Contains(path, failure.Message);
    }

    [Fact]
    public async Task A_local_file_of_the_wrong_size_says_so()
    {
        var (path, _, md5) = LocalFile("short.bin");

        var failure = await FailsAsync(new SourceRequest("short.bin", md5, [path], Size: 12_345));

        Assert.Equal(DownloadFailure.SizeMismatch, failure.Failure);
        Assert.Contains("12,345 bytes", failure.Message);
    }

    [Fact]
    public async Task A_saved_html_page_is_named_as_such()
    {
        var path = Temp.Combine("saved.bin");
        File.WriteAllText(path, "<html><body>Access denied</body></html>");

        var failure = await FailsAsync(new SourceRequest("saved.bin", new string('e', 32), [path]));

        Assert.Equal(DownloadFailure.ChecksumMismatch, failure.Failure);
        Assert.Contains("HTML page", failure.Message);
    }

    [Fact]
    public async Task A_missing_local_file_names_the_path()
    {
        var path = Temp.Combine("absent.bin");

        var failure = await FailsAsync(new SourceRequest("absent.bin", new string('f', 32), [path]));

        Assert.Equal(DownloadFailure.LocalFileMissing, failure.Failure);
        Assert.Contains(path, failure.Message);
    }

    [Fact]
    public async Task A_missing_local_mirror_falls_back_to_http()
    {
        var (source, _, _) = Served("fallback.bin");

        var result = await ResolveAsync(source with { Locations = [Temp.Combine("not-here.bin"), .. source.Locations] });

        Assert.Equal(SourceOutcome.Downloaded, result.Outcome);
    }

    [Fact]
    public async Task Manual_source_that_is_missing_says_what_to_put_where_with_which_md5()
    {
        var drop = Temp.Combine("drop", "licensed.tar");
        var source = new SourceRequest("licensed.tar", new string('1', 32), [], Size: 4096,
            ManualDownload: "Register at the publisher's site and accept the licence", ManualDropPath: drop);

        var failure = await FailsAsync(source);

        Assert.Equal(DownloadFailure.ManualDownloadRequired, failure.Failure);
        Assert.Contains($"'{drop}'", failure.Message);
        Assert.Contains(new string('1', 32), failure.Message);
        Assert.Contains("accept the licence", failure.Message);
        Assert.Contains("4,096 bytes", failure.Message);
    }

    [Fact]
    public async Task Manual_source_without_drop_path_is_expected_in_the_cache()
    {
        var (_, bytes, md5) = LocalFile("byhand.bin");
        var source = new SourceRequest("byhand.bin", md5, []);
        var failure = await FailsAsync(source);
        Assert.Contains(Cache.FinalPath(md5, "byhand.bin"), failure.Message);

        Directory.CreateDirectory(Cache.EntryDirectory(md5));
        File.WriteAllBytes(Cache.FinalPath(md5, "byhand.bin"), bytes);
        var result = await ResolveAsync(source);

        Assert.Equal(SourceOutcome.Verified, result.Outcome);
    }

    [Fact]
    public async Task Manual_source_in_its_drop_folder_is_verified_in_place()
    {
        var (path, _, md5) = LocalFile("dropped.tar");

        var result = await ResolveAsync(new SourceRequest("dropped.tar", md5, [], ManualDropPath: path));

        Assert.Equal(path, result.Path);
    }
}
