using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>Derived datasets (shuffle, split with its assignment, transform) through a real nginx cache, keyed by their inputs' content.</summary>
public sealed class DerivedRemoteCacheTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    private string Items(int shuffleSeed = 3) => IdxProjectItems(sharded: false) + $"""

        <DatasetShuffle Include="shuffled" Input="digits" Seed="{shuffleSeed}" />
        <DatasetSplit Include="holdout" Input="shuffled" Parts="train:0.8;test:0.2" Seed="1" />
        <DatasetTransform Include="small" Input="train" Steps="image = image | decode | resize 14x14 | encode png" />
        """;

    [NginxFact]
    public async Task A_second_machine_pulls_every_derived_dataset_and_the_split_assignment_and_derives_nothing()
    {
        var first = NewMachine("derive-first", Items(), Nginx.Url(), push: true);
        var build1 = await BuildAsync(first);
        AssertSucceeded(build1);
        Assert.Contains("small: built by", build1.Output);
        // Every dataset this build shared is named, derived ones like conversions (a split's parts on one line).
        foreach (var name in new[] { "digits", "shuffled", "train, test", "small" })
            Assert.Contains($"{name}: pushed to the remote cache {Nginx.Url()}", build1.Output);

        var second = NewMachine("derive-second", Items(), Nginx.Url(), push: false);
        var build2 = await BuildAsync(second);

        AssertSucceeded(build2);
        Assert.DoesNotContain(": built by", build2.Output);
        Assert.Empty(Converted(build2.Output));
        Assert.DoesNotContain("pushed", build2.Output); // read-only
        foreach (var name in new[] { "digits", "shuffled", "train", "test", "small" })
            Assert.Contains($"{name}: pulled", build2.Output);
        Assert.DoesNotContain("warning DD7", build2.Output);
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
        Assert.Equal(File.ReadAllBytes(Assignment(first)), File.ReadAllBytes(Assignment(second)));

        var build3 = await BuildAsync(second);
        AssertSucceeded(build3);
        Assert.DoesNotContain("pulled", build3.Output);
        Assert.DoesNotContain(": built by", build3.Output);
    }

    [NginxFact]
    public async Task A_changed_input_is_a_new_key_and_only_the_steps_it_reaches_are_derived()
    {
        var first = NewMachine("derive-seed3", Items(), Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));

        // Another shuffle seed: shuffled, and everything after it, has new content; digits does not.
        var second = NewMachine("derive-seed4", Items(shuffleSeed: 4), Nginx.Url(), push: false);
        var build = await BuildAsync(second);

        AssertSucceeded(build);
        Assert.Contains("digits: pulled", build.Output);
        foreach (var name in new[] { "shuffled", "train", "test", "small" })
        {
            Assert.DoesNotContain($"{name}: pulled", build.Output);
            Assert.Contains($"{name}: built by", build.Output);
        }
        Assert.NotEqual(Md5sOf(DatasetsDir(first))["shuffled.msgpack"], Md5sOf(DatasetsDir(second))["shuffled.msgpack"]);
    }

    private static string Assignment(string project) =>
        Directory.GetFiles(Path.GetDirectoryName(project)!, "holdout.split.csv", SearchOption.AllDirectories).Single();
}
