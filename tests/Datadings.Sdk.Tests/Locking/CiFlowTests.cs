using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Locking;

/// <summary>
/// The CI recipe of docs/lock-publish-ci.md played end to end: a developer commits the lock; CI builds a fresh clone
/// with an empty download cache in locked mode (ContinuousIntegrationBuild=true); a converter option changed without
/// updating the lock fails with the drift error; updating the lock on purpose passes again.
/// </summary>
public sealed class CiFlowTests(SdkPackageFixture sdk) : LockTestBase(sdk)
{
    [Fact]
    public async Task Fresh_clone_locked_build_passes_drift_fails_with_both_values_and_an_intended_update_passes()
    {
        // The developer's machine: a normal build writes the lock, which is committed with the project.
        var developer = WriteLockedProject(Sdk.NewFolder("ci-dev"), seed: 1);
        AssertSucceeded(await BuildAsync(developer));
        var committedLock = File.ReadAllText(LockOf(developer));

        // CI: a fresh clone (project + lock, no bin/obj) and an empty download cache.
        var clone = Path.Combine(Sdk.NewFolder("ci-clone"), "Data");
        Directory.CreateDirectory(clone);
        foreach (var name in new[] { "Data.dsproj", "datasets.lock.json" })
            File.Copy(Path.Combine(Path.GetDirectoryName(developer)!, name), Path.Combine(clone, name));
        var project = Path.Combine(clone, "Data.dsproj");
        Directory.Delete(CacheDir, recursive: true);

        var locked = await BuildAsync(project, "-p:ContinuousIntegrationBuild=true");
        AssertSucceeded(locked);
        Assert.Contains("every source and dataset matches the lock", locked.Output);
        Assert.Contains("mixed: built by shuffle", locked.Output);
        Assert.Equal(committedLock, File.ReadAllText(LockOf(project)));

        // Someone changes the shuffle's seed and pushes without updating the lock: CI fails, naming dataset and values.
        File.WriteAllText(project, File.ReadAllText(project).Replace("Seed=\"1\"", "Seed=\"2\""));
        var drift = await BuildAsync(project, "-p:ContinuousIntegrationBuild=true");
        AssertFailedWith(drift, "DD6022");
        var error = ErrorLine(drift.Output, "DD6022");
        Assert.Contains("dataset 'mixed' option Seed is '1' in the lock but '2' in the project", error);
        Assert.Contains("datasets.lock.json(", error);
        Assert.Contains("-p:DatadingsLockedMode=false", error);
        // The shuffled bytes differ too: one more error, for the file, with both MD5s.
        Assert.Contains(ErrorLines(drift.Output, "DD6024"), l => l.Contains("file mixed.msgpack has MD5 ", StringComparison.Ordinal));
        Assert.Equal(committedLock, File.ReadAllText(LockOf(project)));

        // The change is intended: build once without locked mode (updates the lock), then CI passes again.
        AssertSucceeded(await BuildAsync(project, "-p:DatadingsLockedMode=false"));
        var updated = File.ReadAllText(LockOf(project));
        Assert.NotEqual(committedLock, updated);
        Assert.Contains("\"Seed\": \"2\"", updated);
        var again = await BuildAsync(project, "-p:ContinuousIntegrationBuild=true");
        AssertSucceeded(again);
        Assert.Equal(updated, File.ReadAllText(LockOf(project)));

        // A changed source MD5 is caught before anything is downloaded.
        File.WriteAllText(project, File.ReadAllText(project).Replace(TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(Rows)), new string('0', 32)));
        var source = await BuildAsync(project, "-p:DatadingsLockedMode=true");
        AssertFailedWith(source, "DD6010");
        Assert.Contains($"source 'rows.csv' has MD5 {TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(Rows))} in the lock but {new string('0', 32)} in the project", ErrorLine(source.Output, "DD6010"));
        Assert.DoesNotContain("error DD1001", source.Output);
    }
}
