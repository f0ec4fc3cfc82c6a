using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Writing;
using Datadings.Tests.Support;
using Datadings.Views;

namespace Datadings.Cli.Tests;

/// <summary>relabel, view, shuffle --memory-mb and the stratified and stable forms of split.</summary>
public class DerivedCommandTests
{
    private const string Map = """{"ignore": 255, "classes": [{"id": 0, "name": "a"}, {"id": 1, "name": "b"}], "map": {"0": 0, "1": 1}}""";

    [Fact]
    public void Relabel_remaps_labels_and_keeps_the_original()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "in", 6);   // labels 0, 1, 2, 0, 1, 2
        File.WriteAllText(dir.File("map.json"), Map);
        var result = CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json"), "--unknown", "ignore");
        result.AssertSuccess();
        Assert.Contains("2 of 6 samples", result.Stderr);
        using var reader = new DatasetReader(dir.File("out.msgpack"));
        Assert.Equal([0L, 1L, 255L, 0L, 1L, 255L], reader.Select(s => s["label"]));
        Assert.Equal([0L, 1L, 2L, 0L, 1L, 2L], reader.Select(s => s["_label"]));
    }

    [Fact]
    public void Relabel_unknown_label_names_the_key_and_label()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "in", 6);
        File.WriteAllText(dir.File("map.json"), Map);
        string line = CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json")).AssertOneErrorLine(1);
        Assert.Contains("sample \"2\": the label 2 is not in the label map", line);
        Assert.False(File.Exists(dir.File("out.msgpack")));
    }

    [Fact]
    public void Relabel_with_a_broken_map_names_the_file_and_position()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "in", 2);
        File.WriteAllText(dir.File("map.json"), "{\"map\": {\"0\": 1\n");
        string line = CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json")).AssertOneErrorLine(1);
        Assert.Contains("map.json", line);
        Assert.Contains("line 2", line);
    }

    private static string LabelImages(TempDir dir, params byte[][] images)
    {
        string path = dir.File("masks.msgpack");
        using var writer = new DatasetWriter(path);
        for (int i = 0; i < images.Length; i++)
            writer.Write(new Sample($"m{i}") { ["mask"] = PngEncoder.EncodeGray8(images[i], 3, 1) });
        writer.Complete();
        return path;
    }

    [Fact]
    public void Relabel_pixels_remaps_every_pixel_of_the_label_field_and_draws_the_colour_field()
    {
        using var dir = new TempDir();
        string input = LabelImages(dir, [7, 26, 24], [24, 24, 7]);
        File.WriteAllText(dir.File("map.json"), """
            {"ignore": 255, "classes": [{"id": 0, "name": "road", "color": [128, 64, 128]}, {"id": 1, "name": "person", "color": [220, 20, 60]}],
             "map": {"7": 0, "24": 1}}
            """);
        CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json"), "--pixels", "--label-field", "mask",
            "--color-field", "mask_color", "--unknown", "ignore").AssertSuccess();
        using var reader = new DatasetReader(dir.File("out.msgpack"));
        Assert.Equal(["key", "mask", "mask_color"], reader[0].Keys);
        Assert.Equal(new ushort[] { 0, 255, 1 }, PngDecoder.DecodeLabels((byte[])reader[0]["mask"]!).Ids);
        Assert.Equal(new ushort[] { 1, 1, 0 }, PngDecoder.DecodeLabels((byte[])reader[1]["mask"]!).Ids);
        Assert.Equal(new byte[] { 220, 20, 60, 220, 20, 60, 128, 64, 128 }, PngDecoder.Decode((byte[])reader[1]["mask_color"]!).Pixels);
    }

    [Fact]
    public void Relabel_pixels_names_the_sample_pixel_and_id_the_map_lacks_and_writes_nothing()
    {
        using var dir = new TempDir();
        string input = LabelImages(dir, [7, 7, 7], [7, 26, 7]);
        File.WriteAllText(dir.File("map.json"), """{"map": {"7": 0, "24": 1}}""");
        string line = CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json"), "--pixels", "--field", "mask").AssertOneErrorLine(1);
        Assert.Contains("sample \"m1\": the pixel id 26 at (x 1, y 0) of \"mask\" is not in the label map", line);
        Assert.False(File.Exists(dir.File("out.msgpack")));

        line = CliRunner.Run("relabel", input, dir.File("out.msgpack"), "--map", dir.File("map.json"), "--field", "mask", "--color-field", "c").AssertOneErrorLine(2);
        Assert.Contains("a colour field needs Pixels", line);
    }

    [Fact]
    public void View_writes_a_view_file_by_default_and_a_dataset_with_materialize()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "frames", 10);
        CliRunner.Run("view", input, dir.File("w.view.json"), "--windows", "5:5").AssertSuccess();
        CliRunner.Run("view", input, dir.File("w.msgpack"), "--windows", "5:5", "--materialize").AssertSuccess();
        using var view = ViewReader.Open(dir.File("w.view.json"));
        using var dataset = new DatasetReader(dir.File("w.msgpack"));
        Assert.Equal(["0|1|2|3|4", "5|6|7|8|9"], dataset.Keys);
        Assert.True(dataset.GetRawSpan(1).SequenceEqual(view.GetRaw(1).Span));
    }

    [Fact]
    public void View_by_indices_and_out_of_range_index()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "base", 4);
        File.WriteAllText(dir.File("ok.txt"), "3\n1\n");
        CliRunner.Run("view", input, dir.File("v.msgpack"), "--indices", dir.File("ok.txt"), "--materialize").AssertSuccess();
        using (var reader = new DatasetReader(dir.File("v.msgpack"))) Assert.Equal(["3", "1"], reader.Keys);

        File.WriteAllText(dir.File("bad.txt"), "3\n4\n");
        string line = CliRunner.Run("view", input, dir.File("bad.view.json"), "--indices", dir.File("bad.txt")).AssertOneErrorLine(2);
        Assert.Contains("base index 4, which is out of range", line);
    }

    [Theory]
    [InlineData("--windows", "0")]
    [InlineData("--windows", "3:x")]
    [InlineData("--windows", "3", "--keys", "k.txt")]
    [InlineData("--group-by", "video", "--keys", "k.txt")]
    public void View_usage_errors_exit_with_2(params string[] args)
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "base", 4);
        CliRunner.Run(["view", input, dir.File("v.view.json"), .. args]).AssertOneErrorLine(2);
    }

    [Fact]
    public void View_over_a_changed_base_fails_when_read()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "base", 4);
        CliRunner.Run("view", input, dir.File("v.view.json"), "--windows", "2").AssertSuccess();
        TestData.Generated(dir, "other", 5);
        foreach (string suffix in DatasetAssert.FileSuffixes) File.Copy(dir.File("other.msgpack") + suffix, input + suffix, overwrite: true);
        Assert.Throws<InvalidDataException>(() => ViewReader.Open(dir.File("v.view.json")));
    }

    [Fact]
    public void Shuffle_with_a_small_memory_budget_reproduces_the_reference()
    {
        using var dir = new TempDir();
        string output = dir.File("mixed1000-shuffled.msgpack");
        CliRunner.Run("shuffle", TestData.Vector("mixed1000"), output, "--memory-mb", "1").AssertSuccess();
        DatasetAssert.SameFiles(TestData.CommandOutput("shuffle", "mixed1000-shuffled"), output);
        CliRunner.Run("shuffle", TestData.Vector("mixed1000"), dir.File("x.msgpack"), "--memory-mb", "0").AssertOneErrorLine(2);
    }

    [Fact]
    public void Split_stratified_keeps_class_proportions()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 30);   // 10 samples of each of 3 labels
        CliRunner.Run("split", input, "--fractions", "0.8", "0.2", "--stratify", "label", "--seed", "1").AssertSuccess();
        using var test = new DatasetReader(dir.File("all-1.msgpack"));
        Assert.Equal([2, 2, 2], test.GroupBy(s => s["label"]).Select(g => g.Count()));
    }

    [Fact]
    public void Split_stable_writes_and_then_keeps_the_assignment()
    {
        using var dir = new TempDir();
        string csv = dir.File("split.csv");
        string small = TestData.Generated(dir, "small", 50);
        CliRunner.Run("split", small, "--fractions", "0.5", "0.5", "--stable", "--seed", "3", "--part-names", "train", "test", "--assignment", csv).AssertSuccess();
        string before = File.ReadAllText(csv);
        Assert.StartsWith("key,part\n", before);

        string large = TestData.Generated(dir, "large", 80);
        var result = CliRunner.Run("split", large, "--fractions", "0.5", "0.5", "--stable", "--seed", "3", "--part-names", "train", "test", "--assignment", csv);
        result.AssertSuccess();
        Assert.Contains("50 samples kept their earlier part", result.Stderr);
        Assert.StartsWith(before, File.ReadAllText(csv));
    }

    [Theory]
    [InlineData("--stratify", "label", "--stable")]
    [InlineData("--by", "content")]
    [InlineData("--seed", "1")]
    [InlineData("--stable", "--content-field", "image")]
    public void Split_option_conflicts_exit_with_2(params string[] args)
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        CliRunner.Run(["split", input, "--fractions", "0.5", "0.5", .. args]).AssertOneErrorLine(2);
    }

    [Fact]
    public void Split_stratify_needs_fractions_and_names_a_sample_without_the_field()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        Assert.Contains("--fractions", CliRunner.Run("split", input, "5", "--stratify", "label").AssertOneErrorLine(2));
        string line = CliRunner.Run("split", input, "--fractions", "0.5", "0.5", "--stratify", "colour").AssertOneErrorLine(1);
        Assert.Contains("sample \"0\" has no \"colour\" field", line);
    }

    [Fact]
    public void Split_fractions_that_do_not_sum_to_one_exit_with_2()
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "all", 10);
        Assert.Contains("must sum to 1", CliRunner.Run("split", input, "--fractions", "0.5", "0.4", "--stable").AssertOneErrorLine(2));
    }
}
