using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>Every way a source can be wrong, in one build: each gets its own DD1xxx error and a sentence that stands alone.</summary>
public sealed class FailureReportingTests(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    [Fact]
    public async Task Each_failure_mode_has_its_code_and_a_self_explaining_message()
    {
        var folder = Sdk.NewFolder("failures");
        var (wrong, wrongMd5, wrongFile) = ServedSource("wrong.bin", 1000);
        wrongFile.Body = TestBytes.Random(1500, 77);
        var actualMd5 = TestBytes.Md5(wrongFile.Body);
        var (sized, _, _) = ServedSource("sized.bin", 1000, """Size="999" """);
        var (html, _, htmlFile) = ServedSource("page.bin", 1000);
        htmlFile.ContentType = "text/html";
        var missingUrl = Server.Url("missing.bin");
        var project = WriteProject(folder, "broken", wrong + sized + html + $"""
            <DatasetSource Include="missing.bin" Url="{missingUrl}" Md5="{new string('a', 32)}" />
            <DatasetSource Include="nomd5.bin" Url="{Server.Url("nomd5.bin")}" />
            <DatasetSource Include="badsize.bin" Url="{Server.Url("x")}" Md5="{new string('b', 32)}" Size="big" />
            <DatasetSource Include="not-there.bin" Md5="{new string('c', 32)}" />
            <DatasetSource Include="forbidden.bin" Url="{Server.Url("forbidden.bin")}" Md5="{new string('d', 32)}" />
            """);
        Server.Serve("forbidden.bin", [1]).Status = 403;

        var result = await BuildAsync(project);

        var checksum = ErrorLine(result.Output, "DD1001");
        Assert.Contains("'wrong.bin'", checksum);
        Assert.Contains(Server.Url("wrong.bin"), checksum);
        Assert.Contains(wrongMd5, checksum);
        Assert.Contains(actualMd5, checksum);
        Assert.Contains("1,500 bytes", checksum);
        Assert.Null(Directory.Exists(Path.Combine(CacheDir, wrongMd5)) ? Directory.GetFiles(Path.Combine(CacheDir, wrongMd5), "wrong.bin").FirstOrDefault() : null);

        var size = ErrorLine(result.Output, "DD1002");
        Assert.Contains("'sized.bin'", size);
        Assert.Contains("999 bytes", size);

        Assert.Contains("'page.bin'", ErrorLine(result.Output, "DD1003"));
        Assert.Contains("HTML page", ErrorLine(result.Output, "DD1003"));

        var notFound = ErrorLine(result.Output, "DD1004");
        Assert.Contains(missingUrl, notFound);
        Assert.Contains("404", notFound);

        Assert.Contains("'forbidden.bin'", ErrorLine(result.Output, "DD1005"));
        Assert.Contains("403", ErrorLine(result.Output, "DD1005"));

        Assert.Contains("not-there.bin", ErrorLine(result.Output, "DD1008"));

        Assert.Contains(result.Output.Split('\n'), l => l.Contains("error DD1009:") && l.Contains("'nomd5.bin' has no Md5"));
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("error DD1009:") && l.Contains("Size 'big'"));
        // Errors point at the user's project, not at the SDK's targets file.
        Assert.Contains(project + " : error DD1001", checksum);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Manual_download_says_which_file_to_put_where_and_then_builds()
    {
        var folder = Sdk.NewFolder("manual");
        var bytes = TestBytes.Random(20_000, 9);
        var md5 = TestBytes.Md5(bytes);
        var dropDir = Path.Combine(folder, "drop");
        var project = WriteProject(folder, "licensed", $"""
            <DatasetSource Include="ILSVRC-tiny.tar" Md5="{md5}" Size="20000"
                           ManualDownload="Log in at the publisher's site and accept the licence" />
            """, $"<DatadingsManualDownloadDir>{dropDir}</DatadingsManualDownloadDir>");

        var missing = await BuildAsync(project);

        AssertFailedWith(missing, "DD1007");
        var line = ErrorLine(missing.Output, "DD1007");
        var expectedPath = Path.Combine(dropDir, "ILSVRC-tiny.tar");
        Assert.Contains($"'{expectedPath}'", line);
        Assert.Contains(md5, line);
        Assert.Contains("accept the licence", line);

        Directory.CreateDirectory(dropDir);
        File.WriteAllBytes(expectedPath, bytes);
        var found = await BuildAsync(project);

        AssertSucceeded(found);
        Assert.Equal(expectedPath, ResolvedFrom(found.Output)["ILSVRC-tiny.tar"].Path);
    }
}
