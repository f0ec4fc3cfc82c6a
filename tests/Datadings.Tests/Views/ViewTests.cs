using Datadings.Msgpack;
using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Operations;
using Datadings.Tests.Support;
using Datadings.Views;
using Datadings.Writing;

namespace Datadings.Tests.Views;

public class ViewTests
{
    [Fact]
    public void Materialized_index_view_copies_the_selected_samples_verbatim()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 10);
        string output = dir.File("view.msgpack");
        var result = ViewOperation.Run(input, output, ViewDefinition.FromIndices([7, 2, 5]));

        Assert.Equal(3, Assert.Single(result.Outputs).Count);
        using var source = new DatasetReader(input);
        using var view = new DatasetReader(output);
        Assert.Equal(["7", "2", "5"], view.Keys);
        Assert.True(source.GetRawSpan(2).SequenceEqual(view.GetRawSpan(1)));
        view.Verify();
    }

    [Fact]
    public void View_file_is_served_from_the_base_with_the_same_bytes_as_the_materialized_view()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 12);
        var windows = ViewDefinition.SlidingWindows(12, size: 5, stride: 3);
        ViewOperation.Run(input, dir.File("windows.msgpack"), windows);
        ViewOperation.Run(input, dir.File("windows.view.json"), windows, new ViewOptions { Materialize = false });

        using var materialized = new DatasetReader(dir.File("windows.msgpack"));
        using var view = ViewReader.Open(dir.File("windows.view.json"));
        Assert.Equal(materialized.Count, view.Count);
        Assert.Equal(materialized.Keys, Enumerable.Range(0, view.Count).Select(view.GetKey));
        for (int i = 0; i < view.Count; i++)
            Assert.True(materialized.GetRawSpan(i).SequenceEqual(view.GetRaw(i).Span));
    }

    [Fact]
    public void A_window_sample_holds_its_base_samples_under_samples()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 6);
        using var baseReader = new DatasetReader(input);
        using var view = new ViewReader(baseReader, ViewDefinition.SlidingWindows(6, size: 3, stride: 2));

        Assert.Equal(2, view.Count);
        var window = view[1];
        Assert.Equal("2|3|4", window.Key);
        var frames = Assert.IsType<List<object?>>(window[WindowSample.SamplesField]);
        Assert.Equal(["2", "3", "4"], frames.Cast<MsgpackMap>().Select(f => f["key"]));
        Assert.True(view.TryFindIndex("2|3|4", out int found) && found == 1);
        Assert.False(view.Contains("0|1"));
    }

    [Fact]
    public void Sliding_windows_cover_whole_windows_only_and_respect_groups()
    {
        Assert.Equal([[0, 1, 2], [2, 3, 4]], ViewDefinition.SlidingWindows(6, 3, 2).Rows);
        Assert.Empty(ViewDefinition.SlidingWindows(2, 3).Rows);
        string[] videos = ["a", "a", "a", "b", "b", "b", "b"];
        Assert.Equal([[0, 1], [1, 2], [3, 4], [4, 5], [5, 6]], ViewDefinition.SlidingWindows(videos, 2).Rows);
    }

    [Fact]
    public void Windows_grouped_by_a_field_never_cross_a_video()
    {
        using var dir = new TempDir();
        string input = dir.File("frames.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            for (int i = 0; i < 7; i++) writer.Write(new Sample($"f{i}") { ["video"] = i < 3 ? "a" : "b" });
            writer.Complete();
        }
        ViewOperation.Run(input, dir.File("w.msgpack"), new ViewOptions { WindowSize = 3, WindowGroupField = "video" });
        using var view = new DatasetReader(dir.File("w.msgpack"));
        Assert.Equal(["f0|f1|f2", "f3|f4|f5", "f4|f5|f6"], view.Keys);
    }

    [Fact]
    public void Index_and_key_files_define_views()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 10);
        File.WriteAllText(dir.File("idx.txt"), "# the chosen ones\n3\n\n1, 2\n9 8\n");
        File.WriteAllText(dir.File("keys.txt"), "4\n0\n");
        ViewOperation.Run(input, dir.File("a.msgpack"), new ViewOptions { IndicesFile = dir.File("idx.txt") });
        ViewOperation.Run(input, dir.File("b.msgpack"), new ViewOptions { KeysFile = dir.File("keys.txt") });
        using var a = new DatasetReader(dir.File("a.msgpack"));
        using var b = new DatasetReader(dir.File("b.msgpack"));
        Assert.Equal(["3", "1|2", "9|8"], a.Keys);
        Assert.Equal(["4", "0"], b.Keys);
    }

    [Fact]
    public void Out_of_range_index_is_an_error_naming_row_index_and_count()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        var error = Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), ViewDefinition.FromIndices([1, 5])));
        Assert.Contains("row 1 refers to base index 5", error.Message);
        Assert.Contains("5 samples", error.Message);
        Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), ViewDefinition.FromIndices([-1])));
        Assert.False(File.Exists(dir.File("v.msgpack")));
    }

    [Theory]
    [InlineData("7\nx\n", "line 2: \"x\" is not an integer")]
    public void Bad_index_file_names_the_line(string content, string message)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("idx.txt"), content);
        var error = Assert.Throws<InvalidDataException>(() => ViewDefinition.ReadIndexFile(dir.File("idx.txt")));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Unknown_key_and_repeated_rows_are_errors()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        File.WriteAllText(dir.File("keys.txt"), "1\nnope\n");
        var unknown = Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), new ViewOptions { KeysFile = dir.File("keys.txt") }));
        Assert.Contains("\"nope\"", unknown.Message);
        var repeated = Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), ViewDefinition.FromIndices([1, 2, 1])));
        Assert.Contains("rows 0 and 2", repeated.Message);
    }

    [Fact]
    public void Exactly_one_definition_must_be_given()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), new ViewOptions()));
        var both = Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), new ViewOptions { WindowSize = 2, KeysFile = "k" }));
        Assert.Contains("exactly one", both.Message);
        Assert.Throws<ArgumentException>(() => ViewOperation.Run(input, dir.File("v.msgpack"), new ViewOptions { WindowSize = 0 }));
    }

    [Fact]
    public void A_view_over_a_changed_base_is_a_clear_error()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        string viewPath = dir.File("v.view.json");
        ViewOperation.Run(input, viewPath, ViewDefinition.FromIndices([0, 3]), new ViewOptions { Materialize = false });
        CommandVectors.Generated(dir, "other", 6);
        foreach (string suffix in DatasetAssert.FileSuffixes)
            File.Copy(dir.File("other.msgpack") + suffix, input + suffix, overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => ViewReader.Open(viewPath));
        Assert.Contains("has changed since the view was made", error.Message);
        Assert.Contains("base.msgpack", error.Message);
        Assert.Contains("v.view.json", error.Message);
    }

    [Fact]
    public void A_changed_base_with_the_same_index_files_is_caught_by_hashing()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        string viewPath = dir.File("v.view.json");
        ViewOperation.Run(input, viewPath, ViewDefinition.FromIndices([0]), new ViewOptions { Materialize = false });
        var bytes = File.ReadAllBytes(input);
        bytes[^1] ^= 1;   // same size, same .md5 file: only the data changed
        File.WriteAllBytes(input, bytes);

        using (ViewReader.Open(viewPath)) { }
        var error = Assert.Throws<InvalidDataException>(() => ViewReader.Open(viewPath, new ViewReaderOptions { VerifyBaseData = true }));
        Assert.Contains("no longer hashes", error.Message);
    }

    [Fact]
    public void A_view_over_a_missing_base_names_both_files()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        string viewPath = dir.File("sub/v.view.json");
        ViewOperation.Run(input, viewPath, ViewDefinition.FromIndices([4]), new ViewOptions { Materialize = false });
        Assert.Contains("\"base\": \"../base.msgpack\"", File.ReadAllText(viewPath));
        File.Delete(input);
        var error = Assert.Throws<FileNotFoundException>(() => ViewReader.Open(viewPath));
        Assert.Contains("base.msgpack", error.Message);
        Assert.Contains("v.view.json", error.Message);
    }

    [Theory]
    [InlineData("{", "not valid JSON at line 1")]
    [InlineData("{\"x\": 1}", "\"datadings_view\"")]
    [InlineData("{\"datadings_view\": 2}", "version 2 is not supported")]
    [InlineData("{\"datadings_view\": 1, \"base\": \"b\", \"base_md5\": \"x\", \"base_size\": 1, \"base_count\": 1}", "\"indices\" or \"rows\"")]
    public void A_broken_view_file_is_named(string content, string message)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("v.json"), content);
        var error = Assert.Throws<InvalidDataException>(() => ViewReader.Open(dir.File("v.json")));
        Assert.StartsWith(dir.File("v.json"), error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void View_files_and_materialized_views_are_deterministic()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 40);
        var view = ViewDefinition.SlidingWindows(40, 4, 3);
        foreach (string name in new[] { "1", "2" })
        {
            ViewOperation.Run(input, dir.File(name + ".msgpack"), view);
            ViewOperation.Run(input, dir.File(name + ".view.json"), view, new ViewOptions { Materialize = false });
        }
        Assert.Equal(File.ReadAllBytes(dir.File("1.msgpack")), File.ReadAllBytes(dir.File("2.msgpack")));
        Assert.Equal(File.ReadAllText(dir.File("1.view.json")), File.ReadAllText(dir.File("2.view.json")));
    }

    [Theory]
    [InlineData("base.msgpack")]
    [InlineData("däta \"q\"/b<a>se&'.msgpack")]
    public void The_base_path_is_escaped_as_JsonSerializer_escapes_it_and_reads_back(string basePath)
    {
        // Format escapes without reflection (the tool is Native AOT); it must stay the text JsonSerializer wrote.
        var file = new ViewFile(basePath, new BaseFingerprint("00", 1, 1), ViewDefinition.FromIndices([0]));
        string text = file.Format();
        Assert.Contains($"\"base\": {System.Text.Json.JsonSerializer.Serialize(basePath)},", text);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("v.view.json"), text);
        Assert.Equal(basePath, ViewFile.Read(dir.File("v.view.json")).BasePath);
    }

    [Fact]
    public void An_existing_view_file_is_refused_without_overwrite()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "base", 5);
        File.WriteAllText(dir.File("v.view.json"), "keep");
        Assert.Throws<IOException>(() => ViewOperation.Run(input, dir.File("v.view.json"), ViewDefinition.FromIndices([0]), new ViewOptions { Materialize = false }));
        Assert.Equal("keep", File.ReadAllText(dir.File("v.view.json")));
    }
}
