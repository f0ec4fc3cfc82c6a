using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

/// <summary>Every failure: one <c>datadings: error:</c> line, exit 1 (operation) or 2 (command line), no output left behind.</summary>
public class ErrorTests
{
    [Fact]
    public void Missing_input_names_the_file()
    {
        using var dir = new TempDir();
        string missing = dir.File("missing.msgpack");
        Assert.Contains(missing, CliRunner.Run("info", missing).AssertOneErrorLine(1));
        Assert.Contains(missing, CliRunner.Run("shuffle", missing, dir.File("out.msgpack")).AssertOneErrorLine(1));
    }

    [Fact]
    public void Corrupt_offsets_name_the_file_and_offset()
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 5);
        var offsets = File.ReadAllBytes(path + ".offsets");
        offsets[16] = 0xFF; // the second sample's offset, far past the data
        File.WriteAllBytes(path + ".offsets", offsets);

        string line = CliRunner.Run("cat", path).AssertOneErrorLine(1);
        Assert.Contains("data.msgpack.offsets", line);
        Assert.Contains("offset", line);
    }

    [Fact]
    public void Corrupt_sample_bytes_name_the_data_file()
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 3);
        var data = File.ReadAllBytes(path);
        data[0] = 0xC1; // never used in msgpack
        File.WriteAllBytes(path, data);
        Assert.Contains("data.msgpack", CliRunner.Run("cat", path).AssertOneErrorLine(1));
    }

    [Theory]
    [InlineData("--stratify", "label")]
    [InlineData("--stable", "--by", "content")]
    public void Corrupt_sample_bytes_in_a_split_name_the_data_file_and_file_offset(params string[] mode)
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 3);
        long second;
        using (var reader = new Datadings.Reading.DatasetReader(path)) second = reader.OffsetOf(1);
        var data = File.ReadAllBytes(path);
        data[second] = 0xC1; // never used in msgpack
        File.WriteAllBytes(path, data);
        string line = CliRunner.Run(["split", path, "--fractions", "0.5", "0.5", .. mode,
            "-o", dir.File("a.msgpack"), dir.File("b.msgpack")]).AssertOneErrorLine(1);
        Assert.Contains($"data.msgpack: at byte offset {second}:", line);
        Assert.False(File.Exists(dir.File("a.msgpack")));
    }

    [Fact]
    public void Invalid_data_errors_carry_no_exception_type_name()
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 3);
        string line = CliRunner.Run("split", path, "--fractions", "0.5", "0.5", "--stratify", "nofield",
            "-o", dir.File("a.msgpack"), dir.File("b.msgpack")).AssertOneErrorLine(1);
        Assert.Equal("datadings: error: sample \"0\" has no \"nofield\" field to stratify by", line);
        File.WriteAllText(dir.File("map.json"), "{\"classes\": []}");
        line = CliRunner.Run("relabel", path, dir.File("out.msgpack"), "--map", dir.File("map.json")).AssertOneErrorLine(1);
        Assert.DoesNotContain("Exception", line);
    }

    [Theory]
    [InlineData("abc", "--seed")]
    [InlineData("1.5", "--memory-mb")]
    public void A_value_of_the_wrong_kind_is_named_without_dotnet_type_names(string value, string option)
    {
        string line = CliRunner.Run("shuffle", "a.msgpack", "b.msgpack", option, value).AssertOneErrorLine(2);
        Assert.Contains($"'{value}'", line);
        Assert.Contains("as an integer", line);
        Assert.DoesNotContain("System.", line);
    }

    [Theory]
    [InlineData("shuffle", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("sample", "a", "b", "not-a-number")]
    [InlineData("sample", "a", "b", "3", "--strategy", "bogus")]
    [InlineData("merge", "only-one")]
    [InlineData("cat", "x", "--range", "1-2")]
    public void Bad_arguments_exit_with_2(params string[] args)
    {
        CliRunner.Run(args).AssertOneErrorLine(2);
    }

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("1000", "less than the dataset's 1000 samples")]
    [InlineData("600 300", "strictly ascending")]
    public void Bad_split_positions_exit_with_2(string positions, string message)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run(["split", TestData.Vector("mixed1000"), .. positions.Split(' '), "-o", .. Enumerable.Range(0, positions.Split(' ').Length + 1).Select(i => dir.File($"p{i}.msgpack"))]);
        Assert.Contains(message, result.AssertOneErrorLine(2));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Fractions_that_do_not_sum_to_1_exit_with_2()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        Assert.Contains("sum to 1", CliRunner.Run("split", input, "--fractions", "0.5", "0.4").AssertOneErrorLine(2));
    }

    [Fact]
    public void Positions_and_fractions_together_exit_with_2()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        CliRunner.Run("split", input, "5", "--fractions", "0.5", "0.5").AssertOneErrorLine(2);
    }

    [Fact]
    public void Existing_output_needs_force()
    {
        using var dir = new TempDir();
        string output = TestData.Generated(dir, "out", 3);
        string before = File.ReadAllText(output + ".md5");
        Assert.Contains("use --force", CliRunner.Run("sample", TestData.Vector("mixed1000"), output, "5").AssertOneErrorLine(1));
        Assert.Equal(before, File.ReadAllText(output + ".md5"));
    }

    [Fact]
    public void Input_equal_to_output_exits_with_2_even_with_force()
    {
        using var dir = new TempDir();
        string path = TestData.Generated(dir, "data", 3);
        Assert.Contains("IN and OUT must differ", CliRunner.Run("shuffle", path, path, "--force").AssertOneErrorLine(2));
        CliRunner.Run("merge", path, TestData.Vector("two"), path).AssertOneErrorLine(2);
    }

    [Fact]
    public void Duplicate_keys_in_a_merge_name_the_key_and_both_inputs()
    {
        using var dir = new TempDir();
        string a = TestData.Generated(dir, "a", 3), b = TestData.Generated(dir, "b", 3);
        string line = CliRunner.Run("merge", a, b, dir.File("ab.msgpack")).AssertOneErrorLine(1);
        Assert.Contains("\"0\"", line);
        Assert.Contains(a, line);
        Assert.Contains(b, line);
        Assert.False(File.Exists(dir.File("ab.msgpack")));
    }

    [Fact]
    public void Convert_index_over_existing_index_files_points_to_force()
    {
        using var dir = new TempDir();
        string path = dir.CopyDataset("legacy");
        CliRunner.Run("convert-index", path).AssertSuccess();
        string line = CliRunner.Run("convert-index", path).AssertOneErrorLine(1);
        Assert.EndsWith("legacy.msgpack.keys already exists; use --force to overwrite it", line);
        CliRunner.Run("convert-index", path, "--force").AssertSuccess();
    }

    [Fact]
    public void Convert_index_of_a_current_dataset_explains_there_is_nothing_to_convert()
    {
        Assert.Contains("legacy", CliRunner.Run("convert-index", TestData.Vector("two")).AssertOneErrorLine(1));
    }
}
