using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>
/// Sharded builds: n concurrent processes, each with its own folder and download cache, convert slices of the shards
/// and push them; an assembling build puts the dataset together from the cache, byte-identical to one machine's build.
/// </summary>
public sealed class ShardedBuildTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    [NginxFact]
    public async Task Three_concurrent_shard_builds_then_an_assembling_build_give_the_same_bytes_as_a_single_build()
    {
        // Idx skips encoding other machines' samples itself; JsonLines relies on the runner alone.
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{{\"id\": \"r{i:D2}\", \"x\": {i * 7 % 11}}}\n"));
        var items = IdxProjectItems() + "\n" + Served("rows.jsonl", System.Text.Encoding.UTF8.GetBytes(rows)) + """

            <DatasetConversion Include="rows" Converter="JsonLines" Source="rows.jsonl" KeyColumn="id" ShardSize="7" />
            """;
        var single = NewMachine("single", items, "", push: false);
        AssertSucceeded(await BuildAsync(single));

        var workers = new List<(DotnetProcess Process, string Project)>();
        for (int k = 0; k < 3; k++)
        {
            var project = NewMachine($"shard-{k}", items, Nginx.Url(), push: true);
            workers.Add((StartDotnet(Path.GetDirectoryName(project)!, "build", project, "-v:n", $"-p:DatadingsShardIndex={k}", "-p:DatadingsShardCount=3"), project));
        }
        foreach (var (process, _) in workers)
            Assert.True(await process.WaitAsync(BuildTimeout) == 0, process.Output);
        // 7 shards of 15 samples: machine k writes shards k, k+3, k+6 and nothing else of the sharded dataset.
        Assert.Equal(["digits-sharded-00000.msgpack", "digits-sharded-00003.msgpack", "digits-sharded-00006.msgpack"],
            Directory.GetFiles(DatasetsDir(workers[0].Project), "digits-sharded-*.msgpack").Select(Path.GetFileName).Order());
        Assert.Contains("shard build 1 of 3 pushed 2 shard(s)", workers[1].Process.Output);

        var assembler = NewMachine("assemble", items, Nginx.Url(), push: false);
        var requests = Server.Requests.Count;
        var logBefore = Nginx.AccessLog.Length;
        var build = await BuildAsync(assembler, "-p:DatadingsShardCount=3");

        AssertSucceeded(build);
        Assert.Contains("digits-sharded: pulled 100 samples (7 file(s))", build.Output);
        Assert.Contains("rows: pulled 40 samples (6 file(s))", build.Output);
        // Assembling needs no source at all: nothing from the origin, nothing from sources/ in the cache.
        Assert.Equal(requests, Server.Requests.Count);
        Assert.DoesNotContain("/cache/sources/", Nginx.AccessLog[logBefore..]);
        Assert.DoesNotContain("digits-sharded: converted", build.Output);
        Assert.Equal(Md5sOf(DatasetsDir(single)), Md5sOf(DatasetsDir(assembler)));
    }

    [NginxFact]
    public async Task A_missing_shard_at_assembly_names_the_shard_and_the_machine_index_that_should_have_built_it()
    {
        var items = IdxProjectItems();
        foreach (var k in new[] { 0, 2 })
            AssertSucceeded(await BuildAsync(NewMachine($"partial-{k}", items, Nginx.Url(), push: true), $"-p:DatadingsShardIndex={k}", "-p:DatadingsShardCount=3"));

        var requests = Server.Requests.Count;
        var build = await BuildAsync(NewMachine("assemble-missing", items, Nginx.Url(), push: false), "-p:DatadingsShardCount=3");

        AssertFailedWith(build, "DD7003");
        Assert.Equal(requests, Server.Requests.Count); // it fails before fetching any source it would not use
        Assert.Contains("digits: pulled", build.Output);
        var error = ErrorLine(build.Output, "DD7003");
        Assert.Contains("shard 1 (digits-sharded-00001.msgpack) should have been pushed by the build with DatadingsShardIndex=1 of DatadingsShardCount=3", error);
        Assert.Contains("shard 4 (digits-sharded-00004.msgpack)", error);

        // An ordinary build (not assembling) with the same incomplete cache warns and converts locally.
        var ordinary = await BuildAsync(NewMachine("ordinary", items, Nginx.Url(), push: false));
        AssertSucceeded(ordinary);
        Assert.Contains("warning DD7003:", ordinary.Output);
        Assert.Contains("digits-sharded", Converted(ordinary.Output));
    }

    [NginxFact]
    public async Task Shard_properties_are_checked_and_a_shard_build_must_be_able_to_push()
    {
        var items = IdxProjectItems(sharded: true);
        AssertFailedWith(await BuildAsync(NewMachine("bad-index", items, Nginx.Url(), push: true), "-p:DatadingsShardIndex=3", "-p:DatadingsShardCount=3"), "DD7004");
        AssertFailedWith(await BuildAsync(NewMachine("no-push", items, Nginx.Url(), push: false), "-p:DatadingsShardIndex=0", "-p:DatadingsShardCount=2"), "DD7004");
        AssertFailedWith(await BuildAsync(NewMachine("no-cache", items, "", push: true), "-p:DatadingsShardIndex=0", "-p:DatadingsShardCount=2"), "DD7004");

        // Assembling before any shard build ran: an error, not a silent local conversion.
        var empty = await BuildAsync(NewMachine("assemble-empty", items, Nginx.Url(), push: false), "-p:DatadingsShardCount=2");
        AssertFailedWith(empty, "DD7003");
        Assert.Contains("holds no intact set of its shards", ErrorLine(empty.Output, "DD7003"));
    }
}
