using System.Text.Json;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Locking;

/// <summary>datasets.lock.json: written by a normal build, stable, checked in locked mode, and unreadable locks stop the build.</summary>
public sealed class LockFileTests(SdkPackageFixture sdk) : LockTestBase(sdk)
{
    [Fact]
    public async Task A_build_writes_a_lock_with_sources_and_datasets_and_rewrites_nothing_when_nothing_changed()
    {
        var project = WriteLockedProject(Sdk.NewFolder("lock-write"));
        AssertSucceeded(await BuildAsync(project));
        var lockPath = LockOf(project);
        var first = File.ReadAllBytes(lockPath);

        using var json = JsonDocument.Parse(first);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(Sdk.Version, root.GetProperty("sdk").GetString());
        var source = root.GetProperty("sources").GetProperty("rows.csv");
        Assert.Equal(TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(Rows)), source.GetProperty("md5").GetString());
        Assert.Equal(Rows.Length, source.GetProperty("size").GetInt64());
        var table = root.GetProperty("datasets").GetProperty("table");
        Assert.Equal("DatasetConversion", table.GetProperty("item").GetString());
        Assert.Equal("Csv", table.GetProperty("producer").GetString());
        Assert.Equal("built-in", table.GetProperty("code").GetString());
        Assert.Equal("id", table.GetProperty("options").GetProperty("KeyColumn").GetString());
        Assert.Equal(5, table.GetProperty("samples").GetInt64());
        var tableFile = Path.Combine(DatasetsDir(project), "table.msgpack");
        var file = table.GetProperty("files").GetProperty("table.msgpack");
        Assert.Equal(TestBytes.Md5(File.ReadAllBytes(tableFile)), file.GetProperty("md5").GetString());
        Assert.Equal(new FileInfo(tableFile).Length, file.GetProperty("size").GetInt64());
        var mixed = root.GetProperty("datasets").GetProperty("mixed");
        Assert.Equal("DatasetShuffle", mixed.GetProperty("item").GetString());
        Assert.Equal(["table"], mixed.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1", mixed.GetProperty("options").GetProperty("Seed").GetString());
        Assert.DoesNotContain(Path.GetDirectoryName(project)!, System.Text.Encoding.UTF8.GetString(first));

        // Nothing changed: the same bytes, and the file was not even rewritten.
        var written = File.GetLastWriteTimeUtc(lockPath);
        var again = await BuildAsync(project);
        AssertSucceeded(again);
        Assert.Equal(first, File.ReadAllBytes(lockPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(lockPath));
        Assert.Contains("datasets.lock.json: up to date", again.Output);
    }

    [Fact]
    public async Task A_lock_that_cannot_be_read_stops_the_build_before_anything_is_downloaded_with_the_line_named()
    {
        var folder = Sdk.NewFolder("lock-bad");
        var project = WriteLockedProject(folder);
        AssertSucceeded(await BuildAsync(project));
        var good = File.ReadAllText(LockOf(project));
        var datasets = DatasetsDir(project);

        (string Text, string Code, int Line, string Says)[] cases =
        [
            (good.Replace("\"samples\": 5,\n      \"files\"", "\"samples\": 5\n      \"files\""), "DD6001", LineOf(good, "\"samples\": 5,\n      \"files\"") + 1, "not valid JSON"),
            (good.Replace("\"version\": 1", "\"version\": 7"), "DD6002", 2, "schema version 7"),
            (ReplaceFirst(good, "\"samples\": 5,", "\"samples\": 6,"), "DD6003", LineOf(good, "\"samples\": 5,"), "has 6 samples but its files add up to 5"),
            (good.Replace("\"inputs\": [\n        \"table\"", "\"inputs\": [\n        \"tabel\""), "DD6003", LineOf(good, "\"mixed\": {"), "derived from 'tabel', which the lock does not list"),
        ];
        foreach (var (text, code, line, says) in cases)
        {
            if (Directory.Exists(datasets)) Directory.Delete(datasets, recursive: true);
            if (Directory.Exists(CacheDir)) Directory.Delete(CacheDir, recursive: true);
            File.WriteAllText(LockOf(project), text);
            var result = await BuildAsync(project);
            AssertFailedWith(result, code);
            var error = ErrorLine(result.Output, code);
            Assert.Contains($"datasets.lock.json({line}", error);
            Assert.Contains(says, error);
            Assert.False(Directory.Exists(datasets), "nothing may be built from an unreadable lock");
            Assert.False(Directory.Exists(CacheDir), "nothing may be downloaded for an unreadable lock");
            Assert.Equal(text, File.ReadAllText(LockOf(project)));
        }
    }

    [Fact]
    public async Task Locked_mode_needs_the_lock_a_project_asks_for_but_a_ci_build_of_a_project_without_a_lock_is_not_surprised()
    {
        var withLock = WriteLockedProject(Sdk.NewFolder("lock-missing"));
        var missing = await BuildAsync(withLock, "-p:ContinuousIntegrationBuild=true");
        AssertFailedWith(missing, "DD6004");
        Assert.Contains("-p:DatadingsLockedMode=false", ErrorLine(missing.Output, "DD6004"));
        Assert.False(File.Exists(LockOf(withLock)));

        var withoutLock = WriteLockedProject(Sdk.NewFolder("lock-none"), properties: "");
        AssertSucceeded(await BuildAsync(withoutLock, "-p:ContinuousIntegrationBuild=true"));
        Assert.False(File.Exists(LockOf(withoutLock)), "a project that did not opt in gets no lock");
    }

    private static int LineOf(string text, string fragment) => text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }
}
