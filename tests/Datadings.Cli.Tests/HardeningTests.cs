using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Cli.Tests;

/// <summary>Help names the command users type; cat shows everything on request; view files are read by info, cat and verify.</summary>
public sealed class HardeningTests
{
    [Fact]
    public void Help_and_usage_say_datadings()
    {
        var help = CliRunner.Run("--help");
        help.AssertSuccess();
        Assert.Contains("datadings [command] [options]", help.Stdout);
        Assert.DoesNotContain("Datadings.Cli", help.Stdout);
        Assert.Contains("datadings cat <FILE> [options]", CliRunner.Run("cat", "--help").Stdout);
    }

    [Fact]
    public void Cat_cuts_after_ten_fields_by_default_and_shows_all_with_max_items_or_all()
    {
        using var dir = new TempDir();
        string path = dir.File("wide.msgpack");
        using (var writer = new DatasetWriter(path))
        {
            var sample = new Sample("w");
            for (int f = 0; f < 14; f++) sample[$"f{f}"] = f == 13 ? new string('x', 60) : (object)(long)f;
            writer.Write(sample);
            writer.Complete();
        }

        Assert.EndsWith(", ... (15 items)}", CliRunner.Run("cat", path).StdoutLines.Single());
        var all = CliRunner.Run("cat", path, "--max-items", "0", "--max-string", "0").StdoutLines.Single();
        Assert.EndsWith($"'f12': 12, 'f13': '{new string('x', 60)}'}}", all);
        Assert.Equal(all, CliRunner.Run("cat", path, "--all").StdoutLines.Single());
        Assert.Contains("'f13': 'xxxxx", CliRunner.Run("cat", path, "-n", "15").StdoutLines.Single());
        Assert.Contains("...' (60 chars)", CliRunner.Run("cat", path, "-n", "15").StdoutLines.Single());
    }

    [Fact]
    public void Info_cat_and_verify_read_the_view_files_that_view_writes()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "frames", 10);
        string view = dir.File("w.view.json");
        CliRunner.Run("view", input, view, "--windows", "5:5").AssertSuccess();

        var info = CliRunner.Run("info", view);
        info.AssertSuccess();
        Assert.Contains($"base:     {input} (10 samples)", info.Stdout);
        Assert.Contains("samples:  2 (2 windows of several base samples)", info.Stdout);
        Assert.Contains("fields (from all 2 samples):", info.Stdout);

        var cat = CliRunner.Run("cat", view, "--keys");
        cat.AssertSuccess();
        Assert.Equal(["0|1|2|3|4", "5|6|7|8|9"], cat.StdoutLines);
        CliRunner.Run("cat", view).AssertSuccess();

        var verify = CliRunner.Run("verify", view);
        verify.AssertSuccess();
        Assert.Contains($"ok      {view}: view of 2 samples over {input} (10 samples", verify.Stdout);

        // Commands that read datasets only name the view file for what it is, not its missing index files.
        foreach (var args in new[] { new[] { "shuffle", view, dir.File("s.msgpack") }, ["report", view], ["bench", view], ["split", view, "--fractions", "0.5", "0.5"] })
        {
            var refused = CliRunner.Run(args).AssertOneErrorLine(2);
            Assert.Contains($"{view} is a view file; ", refused);
            Assert.DoesNotContain("offsets", refused);
        }
        Assert.False(File.Exists(dir.File("s.msgpack")));

        // A base rewritten with other samples of the same count and size: verify names the change.
        using (var writer = new DatasetWriter(input, new DatasetWriterOptions { Overwrite = true }))
        {
            for (int i = 0; i < 10; i++) writer.Write(new Sample("" + i) { ["label"] = (long)((i + 1) % 3), ["image"] = new byte[780] });
            writer.Complete();
        }
        var changed = CliRunner.Run("verify", view);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains($"FAILED  {view}: the base dataset", changed.Stdout);
        Assert.Contains("has changed since the view was made", changed.Stdout);
    }

    [TmpfsFact]
    public void Merge_onto_a_full_disk_says_so_and_leaves_no_staged_file_even_when_retried()
    {
        using var dir = new TempDir();
        string a = TestData.Generated(dir, "a", 8000, "a");
        string b = TestData.Generated(dir, "b", 8000, "b");
        string disk = dir.File("small-disk");
        using var mount = Tmpfs.Mount(disk, 10);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var merge = CliRunner.Run("merge", a, b, Path.Combine(disk, "ab.msgpack"));
            string line = merge.AssertOneErrorLine(1);
            Assert.Matches(@"^datadings: error: The disk is full: writing .*/small-disk/ab\.msgpack needs at least [\d,]+ bytes \([\d.]+ MB\), and only [\d.]+ [kM]?B (is|are) free on its volume\. Free some space \(or write elsewhere\) and try again\.$", line);
            Assert.Empty(Directory.GetFiles(disk, "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void A_run_removes_the_staged_files_a_killed_run_left_for_its_output_and_keeps_live_ones()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "in", 20);
        // What `kill -9` during `datadings shuffle in.msgpack out.msgpack` leaves: staged files named after a
        // writer process that no longer runs. A live writer's (this test process) must survive.
        using var exited = System.Diagnostics.Process.Start("true")!;
        exited.WaitForExit();
        string dead = dir.File($".out.msgpack.{exited.Id}.{Guid.NewGuid():N}.tmp");
        string deadIndex = dir.File($".out.msgpack.offsets.{exited.Id}.{Guid.NewGuid():N}.tmp");
        string live = dir.File($".out.msgpack.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string otherDataset = dir.File($".other.msgpack.{exited.Id}.{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { dead, deadIndex, live, otherDataset }) File.WriteAllBytes(f, new byte[1000]);

        CliRunner.Run("shuffle", input, dir.File("out.msgpack"), "--seed", "1").AssertSuccess();

        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(deadIndex));
        Assert.True(File.Exists(live), "a live writer's staged file is never touched");
        Assert.True(File.Exists(otherDataset), "only the outputs of this run are swept");
        using var reader = new Datadings.Reading.DatasetReader(dir.File("out.msgpack"));
        Assert.Equal(20, reader.Count);
    }
}
