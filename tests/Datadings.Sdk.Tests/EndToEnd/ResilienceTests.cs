using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

public sealed class ResilienceTests(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    [Fact]
    public async Task Flaky_servers_dropped_connections_and_dead_mirrors_still_build_and_say_what_happened()
    {
        var folder = Sdk.NewFolder("resilience");
        var (flaky, _, flakyFile) = ServedSource("flaky.bin");
        flakyFile.FailuresBeforeSuccess = 2;
        var (dropped, _, droppedFile) = ServedSource("dropped.bin", 1_000_000);
        droppedFile.DropsBeforeSuccess = 1;
        droppedFile.DropAfterBytes = 300_000;
        var (_, mirroredMd5, _) = ServedSource("mirrored.bin");
        var deadMirror = Server.Url("dead/mirrored.bin");
        var project = WriteProject(folder, "resilient", flaky + dropped + $"""
            <DatasetSource Include="mirrored.bin" Url="{deadMirror}" Mirrors="{Server.Url("mirrored.bin")}" Md5="{mirroredMd5}" />
            """, "<DatadingsDownloadRetries>3</DatadingsDownloadRetries>");

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Contains("flaky.bin: attempt 1/4 at " + Server.Url("flaky.bin") + " failed (the server answered HTTP 500", result.Output);
        Assert.Contains("flaky.bin: attempt 2/4", result.Output);
        Assert.Contains("dropped.bin: attempt 1/4", result.Output);
        Assert.Matches(@"bytes=[1-9]\d*-", Server.RequestsFor("dropped.bin")[^1].Range ?? "");
        Assert.Contains("warning DD1011", result.Output);
        Assert.Contains(deadMirror, result.Output);
        Assert.Equal(3, ResolvedFrom(result.Output).Count);
    }

    [Fact]
    public async Task Long_downloads_report_percent_rate_and_eta_in_normal_verbosity()
    {
        var folder = Sdk.NewFolder("progress");
        var (slow, _, slowFile) = ServedSource("slow.bin", 1_500_000);
        slowFile.BytesPerSecond = 1_000_000;
        var project = WriteProject(folder, "progress", slow);

        var result = await BuildAsync(project);

        AssertSucceeded(result);
        Assert.Matches(@"slow\.bin: downloading \d+% of 1\.5 MB at \d+\.\d [kM]B/s, ETA \d", result.Output);
    }

    [InterruptibleFact]
    public async Task Ctrl_C_stops_the_download_promptly_and_leaves_nothing_under_a_final_name()
    {
        var folder = Sdk.NewFolder("cancel");
        var (slow, md5, slowFile) = ServedSource("huge.bin", 5_000_000);
        slowFile.BytesPerSecond = 250_000; // twenty seconds if nobody interrupts
        var project = WriteProject(folder, "cancel", slow);

        var build = StartDotnet(Path.GetDirectoryName(project)!, "build", project, "-v:n");
        await build.WaitForOutputAsync("huge.bin: downloading", TimeSpan.FromMinutes(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        build.Interrupt();
        var exitCode = await build.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the build took {clock.Elapsed} to stop");
        Assert.DoesNotContain("huge.bin: downloaded", build.Output);
        Assert.Contains("warning DD1010", build.Output);
        var entry = Path.Combine(CacheDir, md5);
        Assert.False(File.Exists(Path.Combine(entry, "huge.bin")), "nothing may be stored under the final name");
    }
}
