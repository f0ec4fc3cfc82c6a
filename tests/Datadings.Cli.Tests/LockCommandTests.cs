using Datadings.IndexFiles;
using Datadings.Locking;
using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

public class LockCommandTests
{
    /// <summary>A folder with two datasets and the lock a build would have written for them.</summary>
    private static (string Lock, string Folder) LockedFolder(TempDir dir, string[]? inputsOfB = null)
    {
        var a = TestData.Generated(dir, "a", 7);
        var b = TestData.Generated(dir, "b", 3, "b");
        LockedDataset Entry(string path, int samples, string[]? inputs = null) => new("DatasetConversion", "Csv", "built-in", new Dictionary<string, string> { ["KeyColumn"] = "id" }, inputs ?? [], samples,
            new Dictionary<string, LockedFile> { [Path.GetFileName(path)] = new(Md5File.HashFile(path), new FileInfo(path).Length, samples) });
        var lockPath = dir.File(DatasetsLock.FileName);
        File.WriteAllText(lockPath, DatasetsLockJson.Write(new DatasetsLock("1.0.0", new Dictionary<string, LockedSource>(),
            new Dictionary<string, LockedDataset> { ["a"] = Entry(a, 7), ["b"] = Entry(b, 3, inputsOfB) })));
        return (lockPath, Path.GetDirectoryName(a)!);
    }

    [Fact]
    public void Lock_verify_passes_for_matching_datasets_and_names_the_changed_file_with_both_md5s()
    {
        using var dir = new TempDir();
        var (lockPath, folder) = LockedFolder(dir);
        var ok = CliRunner.Run("lock", "verify", folder, "--lock", lockPath);
        ok.AssertSuccess();
        Assert.Equal(["ok      a: 7 samples, 1 file matches the lock", "ok      b: 3 samples, 1 file matches the lock"], ok.StdoutLines);

        // One flipped byte in b's data, its own .md5 left as it was: verify hashes the file itself.
        var b = Path.Combine(folder, "b.msgpack");
        var expected = Md5File.HashFile(b);
        var bytes = File.ReadAllBytes(b);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(b, bytes);
        var failed = CliRunner.Run("lock", "verify", folder, "--lock", lockPath);
        failed.AssertOneErrorLine(1);
        Assert.Contains("ok      a: 7 samples, 1 file matches the lock", failed.StdoutLines);
        Assert.Contains($"FAILED  b: dataset 'b': file b.msgpack has MD5 {expected} in the lock but {Md5File.HashFile(b)} now", failed.StdoutLines);

        File.Delete(b);
        Assert.Contains(CliRunner.Run("lock", "verify", folder, "--lock", lockPath).StdoutLines, l => l.Contains("file b.msgpack is in the lock", StringComparison.Ordinal) && l.Contains("but missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Lock_verify_reports_an_unreadable_lock_in_one_line_naming_the_line()
    {
        using var dir = new TempDir();
        var (lockPath, folder) = LockedFolder(dir);
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("\"version\": 1", "\"version\": 2"));
        var newer = CliRunner.Run("lock", "verify", folder, "--lock", lockPath).AssertOneErrorLine(1);
        Assert.Contains($"{lockPath}(2): the lock has schema version 2", newer);

        File.WriteAllText(lockPath, "{\n  \"version\": 1,\n  \"sdk\": \"1\",\n  \"sources\": {},\n  \"datasets\": {\n    \"a\": []\n  }\n}\n");
        var malformed = CliRunner.Run("lock", "verify", folder, "--lock", lockPath).AssertOneErrorLine(1);
        Assert.Contains($"{lockPath}(6): expected dataset 'a' to be a JSON object", malformed);
    }

    [Fact]
    public void Lock_verify_of_a_published_folder_skips_an_absent_intermediate_but_not_an_absent_result()
    {
        // As in a publish: b is built from a, so referencing projects get b only (the default copy rule).
        using var dir = new TempDir();
        var (lockPath, folder) = LockedFolder(dir, inputsOfB: ["a"]);
        foreach (var file in Directory.EnumerateFiles(folder, "a.msgpack*")) File.Delete(file);

        var published = CliRunner.Run("lock", "verify", folder, "--lock", lockPath);
        published.AssertSuccess();
        Assert.Equal([$"skipped a: not in {folder}; an intermediate dataset (read by b) that referencing projects do not get by default (--all requires it)",
            "ok      b: 3 samples, 1 file matches the lock"], published.StdoutLines);

        var all = CliRunner.Run("lock", "verify", folder, "--lock", lockPath, "--all");
        all.AssertOneErrorLine(1);
        Assert.Contains(all.StdoutLines, l => l.StartsWith("FAILED  a: ", StringComparison.Ordinal) && l.Contains("file a.msgpack is in the lock", StringComparison.Ordinal));

        File.Delete(Path.Combine(folder, "b.msgpack"));
        var noResult = CliRunner.Run("lock", "verify", folder, "--lock", lockPath);
        noResult.AssertOneErrorLine(1);
        Assert.Contains(noResult.StdoutLines, l => l.StartsWith("FAILED  b: ", StringComparison.Ordinal));
    }
}
