using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Locking;

/// <summary>Progress in a CI log: a build without a terminal at the default (minimal) verbosity, as CI runs it.</summary>
public sealed class ProgressTests(SdkPackageFixture sdk) : LockTestBase(sdk)
{
    [Fact]
    public async Task A_long_download_and_conversion_print_plain_progress_lines_at_default_verbosity_without_a_terminal()
    {
        var folder = Sdk.NewFolder("progress-ci");
        var rows = "id,value\n" + string.Concat(Enumerable.Range(0, 60_000).Select(i => $"k{i},{i}\n"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(rows);
        var file = Server.Serve("rows.csv", bytes);
        file.BytesPerSecond = 500_000; // about two seconds
        var project = WriteDsproj(folder, "Data", $"""
              <PropertyGroup><DatadingsProgressInterval>0.2</DatadingsProgressInterval></PropertyGroup>
              <ItemGroup>
                <DatasetSource Include="rows.csv" Url="{Server.Url("rows.csv")}" Md5="{TestBytes.Md5(bytes)}" />
                <DatasetConversion Include="table" Converter="Csv" Source="rows.csv" KeyColumn="id" />
              </ItemGroup>
            """);

        // No -v: the console logger's default verbosity; -tl:off (added to every run): no terminal, as in CI.
        var result = await DotnetAsync(Path.GetDirectoryName(project)!, "build", project);
        AssertSucceeded(result);
        Assert.Matches(@"rows\.csv: downloading \d+% of [\d.]+ [kKM]i?B at [\d.]+ [kM]B/s, ETA \d", result.Output);
        Assert.Contains("table: converted 60,000 samples", result.Output);
        Assert.Contains($"Data -> {Path.Combine(Path.GetDirectoryName(project)!, "bin", "datasets")}{Path.DirectorySeparatorChar}", result.Output);
    }
}
