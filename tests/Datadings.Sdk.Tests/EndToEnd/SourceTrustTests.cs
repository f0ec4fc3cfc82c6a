using Datadings.Tests.Support;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>Issue 17's download faults as a user meets them in `dotnet build`: escapes, Size, same-size edits, codes.</summary>
public sealed class SourceTrustTests(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    [Fact]
    public async Task Percent_escapes_in_url_and_mirrors_reach_the_server_as_written()
    {
        var folder = Sdk.NewFolder("escapes");
        var bytes = TestBytes.Random(20_000, 21);
        Server.Serve("signed/a%2Bb%2Fc%3D%25d.bin", bytes);
        var dead = Server.Url("dead/x%2By.bin");
        var mirror = Server.Url("signed/a%2Bb%2Fc%3D%25d.bin?sig=x%2By%3D&amp;exp=1");
        var project = WriteProject(folder, "escapes",
            $"""<DatasetSource Include="a.bin" Url="{dead}" Mirrors="{mirror}" Md5="{TestBytes.Md5(bytes)}" />""");

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Equal(["/dead/x%2By.bin", "/signed/a%2Bb%2Fc%3D%25d.bin?sig=x%2By%3D&exp=1"], Server.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task A_wrong_size_fails_on_a_machine_whose_cache_already_holds_the_file()
    {
        var folder = Sdk.NewFolder("size");
        var (item, _, _) = ServedSource("sized.bin", 30_000, """Size="30000" """);
        var project = WriteProject(folder, "sized", item);
        AssertSucceeded(await BuildAsync(project));

        WriteProject(folder, "sized", item.Replace("Size=\"30000\"", "Size=\"30001\""));
        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD1002");
        Assert.Contains("is 30,000 bytes, while the project's Size metadata says 30,001 bytes", ErrorLine(result.Output, "DD1002"));
        Assert.Single(Server.RequestsFor("sized.bin"));
    }

    [Fact]
    public async Task A_same_size_edit_with_its_mtime_put_back_is_not_trusted()
    {
        var folder = Sdk.NewFolder("touchback");
        var bytes = TestBytes.Random(40_000, 22);
        var project = WriteProject(folder, "local", $"""<DatasetSource Include="data.bin" Md5="{TestBytes.Md5(bytes)}" />""");
        var data = Path.Combine(Path.GetDirectoryName(project)!, "data.bin");
        await File.WriteAllBytesAsync(data, bytes);
        AssertSucceeded(await BuildAsync(project));
        var mtime = File.GetLastWriteTimeUtc(data);

        bytes[123] ^= 0x40;
        await File.WriteAllBytesAsync(data, bytes);
        File.SetLastWriteTimeUtc(data, mtime); // cp -p / rsync -t / touch -d
        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD1001");
        Assert.Contains(TestBytes.Md5(bytes), ErrorLine(result.Output, "DD1001"));
        Assert.DoesNotContain("RESOLVED data.bin", result.Output);
    }

    [Fact]
    public async Task Servers_that_ask_too_long_a_wait_or_redirect_to_files_or_in_loops_get_their_own_codes()
    {
        var folder = Sdk.NewFolder("codes");
        var later = Server.Serve("later.bin", []);
        later.Status = 429;
        later.Headers["Retry-After"] = "7200";
        var local = Server.Serve("local.bin", []);
        local.Status = 302;
        local.Headers["Location"] = "file:///etc/passwd";
        var loop = Server.Serve("loop.bin", []);
        loop.Status = 307;
        loop.Headers["Location"] = "/loop.bin";
        var login = Server.Serve("licensed.tar", System.Text.Encoding.UTF8.GetBytes("<!doctype html><title>Sign in</title>"));
        login.ContentType = "text/html; charset=utf-8";
        var md5 = new string('e', 32);
        var project = WriteProject(folder, "codes", $"""
            <DatasetSource Include="licensed.tar" Url="{Server.Url("licensed.tar")}" Md5="{md5}" ManualDownload="Sign in at example.org" />
            <DatasetSource Include="later.bin" Url="{Server.Url("later.bin")}" Md5="{md5}" />
            <DatasetSource Include="local.bin" Url="{Server.Url("local.bin")}" Md5="{md5}" />
            <DatasetSource Include="loop.bin" Url="{Server.Url("loop.bin")}" Md5="{md5}" />
            """, "<DatadingsDownloadMaxRetryAfter>60</DatadingsDownloadMaxRetryAfter>");

        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD1016");
        Assert.Contains("asked to wait 2h00m", ErrorLine(result.Output, "DD1016"));
        AssertFailedWith(result, "DD1017");
        Assert.Contains("file:///etc/passwd", ErrorLine(result.Output, "DD1017"));
        AssertFailedWith(result, "DD1018");
        Assert.Contains("loop", ErrorLine(result.Output, "DD1018"));
        AssertFailedWith(result, "DD1007");
        Assert.Contains($"Sign in at example.org. Put the file at '{Path.Combine(CacheDir, md5, "licensed.tar")}' (MD5 {md5})", ErrorLine(result.Output, "DD1007"));
        Assert.DoesNotContain("DD1099", result.Output);
        Assert.Single(Server.RequestsFor("later.bin"));
    }

    [Fact]
    public async Task A_damaged_partial_left_by_an_earlier_build_is_resumed_then_fetched_again_with_a_warning()
    {
        var folder = Sdk.NewFolder("resumed");
        var (item, md5, file) = ServedSource("resumed.bin", 300_000);
        var damaged = file.Body[..120_000].ToArray();
        damaged[1_000] ^= 0x01;
        Directory.CreateDirectory(Path.Combine(CacheDir, md5));
        await File.WriteAllBytesAsync(Path.Combine(CacheDir, md5, ".partial"), damaged);
        var project = WriteProject(folder, "resumed", item);

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Contains("warning DD1015", result.Output);
        Assert.Contains("had resumed an interrupted one at byte 120,000", result.Output);
        Assert.Equal(["bytes=120000-", null], Server.RequestsFor("resumed.bin").Select(r => r.Range));
        Assert.Equal(md5, ResolvedFrom(result.Output)["resumed.bin"].Md5);
    }

    [TmpfsFact]
    public async Task A_full_cache_disk_fails_with_its_own_code_and_no_retry()
    {
        var folder = Sdk.NewFolder("diskfull");
        using var disk = Tmpfs.Mount(Path.Combine(folder, "smallcache"), 2);
        var (item, md5, _) = ServedSource("big.bin", 3_000_000);
        var project = WriteProject(folder, "full", item, $"<DatadingsCacheDir>{disk.Path}</DatadingsCacheDir>");

        var result = await BuildAsync(project);

        AssertFailedWith(result, "DD1013");
        Assert.Contains("The disk is full", ErrorLine(result.Output, "DD1013"));
        Assert.DoesNotContain("attempt 1/", result.Output);
        Assert.Single(Server.RequestsFor("big.bin"));
        Assert.False(File.Exists(Path.Combine(disk.Path, md5, ".partial")));
    }
}
