using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void Cat_prints_one_readable_line_per_sample()
    {
        var result = CliRunner.Run("cat", TestData.Vector("two"));
        result.AssertSuccess();
        Assert.Equal(["{'key': 'a', 'x': bytes[2], 'y': 1.5}", "{'key': 'b', 'x': bytes[0], 'y': -2}"], result.StdoutLines);
    }

    [Fact]
    public void Cat_summarises_arrays_and_truncates_strings()
    {
        var numpy = CliRunner.Run("cat", TestData.Vector("numpy"));
        numpy.AssertSuccess();
        Assert.Contains("{'key': 'u8_2d', 'array': ndarray[|u1 3x4]}", numpy.StdoutLines);

        var cut = CliRunner.Run("cat", "--max-string", "3", "--range", "5:6", TestData.Vector("mixed1000"));
        cut.AssertSuccess();
        Assert.Contains("'name': 'sam...' (8 chars)", Assert.Single(cut.StdoutLines));
    }

    [Fact]
    public void Cat_prints_msgpack_extensions_python_style_not_as_a_dotnet_record()
    {
        using var dir = new TempDir();
        string path = dir.File("ext.msgpack");
        using (var writer = new Datadings.Writing.DatasetWriter(path))
        {
            writer.Write(new Sample("e") { ["v"] = new Datadings.Msgpack.MsgpackExtension(5, new byte[] { 0x41, 0x42 }) });
            writer.Complete();
        }
        var result = CliRunner.Run("cat", path);
        result.AssertSuccess();
        Assert.Equal(["{'key': 'e', 'v': ExtType(code=5, data=bytes[2])}"], result.StdoutLines);
    }

    [Fact]
    public void Cat_keys_with_a_python_slice()
    {
        var result = CliRunner.Run("cat", "--keys", "--range", "-3:", TestData.Vector("mixed1000"));
        result.AssertSuccess();
        Assert.Equal(["997", "998", "999"], result.StdoutLines);
    }

    [Fact]
    public void Info_shows_a_share_too_small_for_one_decimal_as_less_than_not_zero()
    {
        using var dir = new TempDir();
        string path = dir.File("many.msgpack");
        using (var writer = new Writing.DatasetWriter(path))
        {
            // 5,000 labels of 2 samples each (0.02 % apiece), and one label holding the rest.
            for (int i = 0; i < 10_000; i++) writer.Write(new Sample("k" + i) { ["label"] = (long)(i % 5000) });
            writer.Complete();
        }
        var result = CliRunner.Run("info", path);
        result.AssertSuccess();
        Assert.Matches(@"\n\s+0\s+2\s+<0\.1%\n", result.Stdout);
        Assert.DoesNotContain("0.0%", result.Stdout);
    }

    [Fact]
    public void Info_reports_count_fields_labels_and_files()
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 30);
        File.Delete(path + ".filter");
        var result = CliRunner.Run("info", path);
        result.AssertSuccess();
        Assert.Contains("samples:  30", result.Stdout);
        Assert.Contains("fields (from all 30 samples):", result.Stdout);
        Assert.Matches(@"label\s+int", result.Stdout);
        Assert.Matches(@"image\s+bytes", result.Stdout);
        Assert.Matches(@"\n\s+2\s+10\s+33\.3%", result.Stdout);
        Assert.Matches(@"data\.msgpack\.filter\s+missing", result.Stdout);
        Assert.Contains("layout:   current", result.Stdout);
    }

    [Fact]
    public void Info_scans_every_sample_by_default_and_takes_all_or_a_count()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "many", 2500); // labels 0,1,2 → 834, 833, 833

        var result = CliRunner.Run("info", dataset);
        result.AssertSuccess();
        Assert.Contains("fields (from all 2500 samples)", result.Stdout);
        Assert.Matches(@"\n\s+0\s+834\s", result.Stdout);
        Assert.Equal(result.Stdout, CliRunner.Run("info", "--scan", "all", dataset).Stdout);
        Assert.Contains("the first 10 of 2500 samples", CliRunner.Run("info", "--scan", "10", dataset).Stdout);
        Assert.Contains("--scan takes 'all' or a number of samples, not 'some'", CliRunner.Run("info", "--scan", "some", dataset).AssertOneErrorLine(2));
    }

    [Fact]
    public void Info_says_when_only_part_is_scanned_and_recognises_legacy()
    {
        var result = CliRunner.Run("info", "--scan", "2", TestData.Vector("legacy"));
        result.AssertSuccess();
        Assert.Contains("the first 2 of 3 samples", result.Stdout);
        Assert.Contains("legacy", result.Stdout);
    }

    [Fact]
    public void Verify_passes_sound_datasets()
    {
        var result = CliRunner.Run("verify", TestData.Vector("two"), TestData.Vector("mixed1000"));
        result.AssertSuccess();
        Assert.Equal(2, result.StdoutLines.Count(l => l.StartsWith("ok ")));
    }

    [Fact]
    public void Verify_fails_a_damaged_dataset_with_one_line_each()
    {
        using var dir = new TempDir();
        string good = TestData.Generated(dir, "good", 5);
        string bad = TestData.Generated(dir, "bad", 5);
        var bytes = File.ReadAllBytes(bad);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(bad, bytes);

        var result = CliRunner.Run("verify", good, bad);
        result.AssertOneErrorLine(1);
        Assert.StartsWith("ok ", result.StdoutLines[0]);
        Assert.StartsWith("FAILED  " + bad, result.StdoutLines[1]);
        Assert.Contains("MD5", result.StdoutLines[1]);
    }

    [Fact]
    public void Verify_finds_an_index_that_disagrees_with_the_data()
    {
        // Matching MD5s (rewritten) but keys swapped: only the consistency check can notice.
        using var dir = new TempDir();
        string source = TestData.Generated(dir, "source", 2);
        string swapped = dir.File("swapped.msgpack");
        using (var reader = new Datadings.Reading.DatasetReader(source))
        using (var writer = new Datadings.Writing.DatasetWriter(swapped))
        {
            writer.WriteRaw("1", reader.GetRawSpan(0));
            writer.WriteRaw("0", reader.GetRawSpan(1));
            writer.Complete();
        }
        var result = CliRunner.Run("verify", swapped);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has key \"0\" but swapped.msgpack.keys lists \"1\"", result.Stdout);
    }

    [Fact]
    public void Bench_reports_throughput()
    {
        var result = CliRunner.Run("bench", "--shuffle", TestData.Vector("mixed1000"));
        result.AssertSuccess();
        Assert.Matches(@"1000 samples, .* samples/s, [\d.]+ MiB/s", result.Stdout);
        Assert.Contains("decoded, shuffled", result.Stdout);
    }

    [Fact]
    public void Version_is_the_package_version()
    {
        var result = CliRunner.Run("--version");
        result.AssertSuccess();
        Assert.StartsWith("0.1.0", result.Stdout);
    }
}
