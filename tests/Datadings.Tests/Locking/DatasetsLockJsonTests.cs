using System.Text;
using Datadings.Locking;

namespace Datadings.Tests.Locking;

public class DatasetsLockJsonTests
{
    private static readonly string Md5A = new('a', 32);
    private static readonly string Md5B = new('b', 32);

    private static DatasetsLock Sample(bool reversed = false)
    {
        var files = new Dictionary<string, LockedFile> { ["t-00000.msgpack"] = new(Md5A, 10, 2), ["t-00001.msgpack"] = new(Md5B, 5, 1) };
        var options = new Dictionary<string, string> { ["ShardSize"] = "2", ["KeyColumn"] = "id" };
        var datasets = new Dictionary<string, LockedDataset>
        {
            ["t"] = new("DatasetConversion", "Csv", "built-in", reversed ? options.Reverse().ToDictionary() : options, [], 3, reversed ? files.Reverse().ToDictionary() : files),
            ["m"] = new("DatasetShuffle", "shuffle", "built-in", new Dictionary<string, string> { ["Input"] = "t" }, ["t"], 3,
                new Dictionary<string, LockedFile> { ["m.msgpack"] = new(Md5A, 15, 3) }),
        };
        return new DatasetsLock("1.2.3", new Dictionary<string, LockedSource> { ["t.csv"] = new(Md5B, 20, ["https://example.org/t.csv"]) },
            reversed ? datasets.Reverse().ToDictionary() : datasets);
    }

    [Fact]
    public void Writing_is_canonical_and_reading_gives_back_what_was_written()
    {
        var text = DatasetsLockJson.Write(Sample());
        Assert.Equal(text, DatasetsLockJson.Write(Sample(reversed: true)));
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text);
        Assert.True(text.IndexOf("\"m\"", StringComparison.Ordinal) < text.IndexOf("\"t\":", StringComparison.Ordinal));

        var read = DatasetsLockJson.Parse(Encoding.UTF8.GetBytes(text), "x.json");
        Assert.Equal(text, DatasetsLockJson.Write(read));
        Assert.Empty(LockComparison.Compare(read, Sample()));
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("\"m\": {", StringComparison.Ordinal)) + 1, read.Datasets["m"].Line);
    }

    [Fact]
    public void Differences_name_the_dataset_and_both_values_one_per_difference()
    {
        var locked = DatasetsLockJson.Parse(Encoding.UTF8.GetBytes(DatasetsLockJson.Write(Sample())), "x.json");
        var changed = Sample() with
        {
            Datasets = new Dictionary<string, LockedDataset>
            {
                ["t"] = Sample().Datasets["t"] with { Options = new Dictionary<string, string> { ["ShardSize"] = "3", ["KeyColumn"] = "id" } },
                ["n"] = Sample().Datasets["m"],
            },
        };
        var differences = LockComparison.Compare(locked, changed);
        Assert.Contains(differences, d => d.Kind == LockDifferenceKind.RecipeChanged && d.Message == "dataset 't' option ShardSize is '2' in the lock but '3' in the project" && d.Line == locked.Datasets["t"].OptionLines["ShardSize"]);
        Assert.True(locked.Datasets["t"].OptionLines["ShardSize"] > locked.Datasets["t"].Line);
        Assert.Contains(differences, d => d.Kind == LockDifferenceKind.DatasetAdded && d.Subject == "n");
        Assert.Contains(differences, d => d.Kind == LockDifferenceKind.DatasetRemoved && d.Subject == "m" && d.Line == locked.Datasets["m"].Line);
        Assert.Equal(3, differences.Count);
    }

    [Theory]
    [InlineData("\"size\": 20,", "\"size\": 20, \"size\": 21,", LockProblem.Inconsistent, "appears twice")]
    [InlineData("\"md5\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\n      \"size\": 20", "\"md5\": \"BBBB\",\n      \"size\": 20", LockProblem.Inconsistent, "expected 32 lowercase hex digits")]
    [InlineData("\"sdk\": \"1.2.3\",", "\"sdk\": 5,", LockProblem.Malformed, "expected sdk to be a JSON string")]
    [InlineData("\"size\": 20,", "\"size\": -20,", LockProblem.Inconsistent, "expected a whole number")]
    public void Bad_locks_name_the_line_and_the_problem(string what, string with, LockProblem problem, string says)
    {
        var good = DatasetsLockJson.Write(Sample());
        var at = good.IndexOf(what, StringComparison.Ordinal);
        var bad = good[..at] + with + good[(at + what.Length)..];
        var e = Assert.Throws<DatasetsLockException>(() => DatasetsLockJson.Parse(Encoding.UTF8.GetBytes(bad), "x.json"));
        Assert.Equal(problem, e.Problem);
        Assert.Equal(good[..at].Count(c => c == '\n') + 1, e.Line);
        Assert.Contains(says, e.Reason);
    }

    [Fact]
    public void Content_after_the_lock_and_an_empty_file_are_malformed()
    {
        var good = DatasetsLockJson.Write(Sample());
        var e = Assert.Throws<DatasetsLockException>(() => DatasetsLockJson.Parse(Encoding.UTF8.GetBytes(good + "{}\n"), "x.json"));
        Assert.Equal(LockProblem.Malformed, e.Problem);
        Assert.Equal(good.Count(c => c == '\n') + 1, e.Line);
        Assert.Equal(LockProblem.Malformed, Assert.Throws<DatasetsLockException>(() => DatasetsLockJson.Parse([], "x.json")).Problem);
    }
}
