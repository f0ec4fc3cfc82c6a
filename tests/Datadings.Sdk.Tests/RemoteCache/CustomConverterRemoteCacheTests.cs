using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>
/// A custom converter's dataset through a real nginx cache: its key holds the converter assembly's MD5, which is local
/// (a referenced class library), so a second machine pulls it without fetching any source.
/// </summary>
public sealed class CustomConverterRemoteCacheTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    /// <summary>A machine's checkout: the converter library (its own copy, built there) and the data project.</summary>
    private string NewCheckout(string name, string sourceItem, bool push)
    {
        var project = NewMachine(name, sourceItem + """

            <ProjectReference Include="../Squares/Squares.csproj" />
            <DatasetConversion Include="squares" Converter="Squares.SquaresConverter, Squares" Source="words.txt" Count="50" />
            """, Nginx.Url(), push);
        var library = WriteDatadingsLibrary(Path.GetDirectoryName(Path.GetDirectoryName(project)!)!, "Squares");
        File.WriteAllText(Path.Combine(library, "Squares.cs"), Conversions.CustomConverterTests.ConverterCode.Replace("VERSION", "v1", StringComparison.Ordinal));
        // Checkouts in different folders build the same bytes only with paths mapped (what ContinuousIntegrationBuild
        // does with source control); docs/remote-cache.md says so.
        var csproj = Path.Combine(library, "Squares.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<Deterministic>true</Deterministic>",
            "<Deterministic>true</Deterministic><PathMap>$(MSBuildProjectDirectory)=/_/</PathMap>", StringComparison.Ordinal));
        return project;
    }

    [NginxFact]
    public async Task A_second_machine_pulls_a_custom_converters_dataset_with_the_origin_unreachable_and_fetches_nothing()
    {
        var source = Served("words.txt", "zero\none\ntwo\n"u8.ToArray());
        var first = NewCheckout("custom-first", source, push: true);
        var build1 = await BuildAsync(first);
        AssertSucceeded(build1);
        Assert.Equal(["squares"], Converted(build1.Output));
        var requests = Server.Requests.Count;
        var logBefore = Nginx.AccessLog.Length;

        var unreachable = source.Replace(Server.BaseUrl, $"http://127.0.0.1:{NginxCache.FreePort()}", StringComparison.Ordinal);
        var second = NewCheckout("custom-second", unreachable, push: false);
        var build2 = await BuildAsync(second);

        AssertSucceeded(build2);
        Assert.Empty(Converted(build2.Output));
        Assert.Contains("squares: pulled 50 samples", build2.Output);
        Assert.Contains("words.txt: not fetched", build2.Output);
        Assert.Equal(requests, Server.Requests.Count);
        Assert.DoesNotContain("/cache/sources/", Nginx.AccessLog[logBefore..]);
        Assert.DoesNotContain("warning DD", build2.Output);
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));

        // Up to date next time, still without the origin; a changed converter is a new key, never a stale hit.
        var again = await BuildAsync(second);
        AssertSucceeded(again);
        Assert.DoesNotContain("pulled", again.Output);
        Assert.Empty(Converted(again.Output));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(second)!)!, "Squares", "Squares.cs"), Conversions.CustomConverterTests.ConverterCode.Replace("VERSION", "v2", StringComparison.Ordinal));
        var changed = await BuildAsync(second);
        Assert.DoesNotContain("squares: pulled", changed.Output);
        Assert.Contains("words.txt", changed.Output); // the miss needs the source now: unreachable, so it fails naming it
    }
}
