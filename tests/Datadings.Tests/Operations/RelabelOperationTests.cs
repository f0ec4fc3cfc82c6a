using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Operations;

public class RelabelOperationTests
{
    private const string CocoLikeMap = """
        {
          // four training classes out of many source classes, by name and by id
          "ignore": 255,
          "classes": [
            {"id": 0, "name": "void", "color": [0, 0, 0]},
            {"id": 1, "name": "person", "color": [220, 20, 60]},
            {"id": 2, "name": "vehicle", "color": [0, 0, 142]},
            {"id": 3, "name": "animal", "color": [119, 11, 32]}
          ],
          "map": {"person": 1, "car": 2, "bus": 2, "dog": 3, "cat": 3, "sky": 0, "unlabeled": "ignore", "7": 2}
        }
        """;

    private static string WriteMap(TempDir dir, string json = CocoLikeMap)
    {
        string path = dir.File("map.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Dataset(TempDir dir, params (string Key, object? Label)[] samples)
    {
        string path = dir.File("in.msgpack");
        using var writer = new DatasetWriter(path);
        foreach (var (key, label) in samples)
            writer.Write(new Sample(key) { ["image"] = new byte[] { 1, 2 }, ["label"] = label, ["extra"] = 1.5 });
        writer.Complete();
        return path;
    }

    [Fact]
    public void Labels_are_remapped_in_place_and_the_original_follows_as_underscore_label()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "person"), ("b", "bus"), ("c", 7L), ("d", "unlabeled"));
        string output = dir.File("out.msgpack");
        var result = RelabelOperation.Run(input, output, WriteMap(dir));

        Assert.Equal(4, Assert.Single(result.Outputs).Count);
        using var reader = new DatasetReader(output);
        Assert.Equal([1L, 2L, 2L, 255L], reader.Select(s => s["label"]));
        Assert.Equal(["person", "bus", 7L, "unlabeled"], reader.Select(s => s["_label"]));
        Assert.Equal(["key", "image", "label", "_label", "extra"], reader[0].Keys);
        Assert.Equal(new byte[] { 1, 2 }, reader[0]["image"]);
        reader.Verify();
    }

    [Fact]
    public void An_existing_original_label_is_kept_unchanged_as_python_datadings_means_it()
    {
        // A LabelledTree sample: `_label` is its class name, the source's label; a relabel must not replace it.
        var sample = new Sample("k") { ["_label"] = "dog", ["x"] = 1L, ["label"] = 1L };
        var map = LabelMap.Parse("""{"map": {"1": 3, "3": 5}}"""u8.ToArray(), "m");
        RelabelOperation.Relabel(sample, map, new RelabelOptions());
        Assert.Equal(["key", "_label", "x", "label"], sample.Keys);
        Assert.Equal("dog", sample["_label"]);
        Assert.Equal(3L, sample["label"]);

        // Relabelled again: still the source's label, not the intermediate id.
        RelabelOperation.Relabel(sample, map, new RelabelOptions());
        Assert.Equal("dog", sample["_label"]);
        Assert.Equal(5L, sample["label"]);
    }

    [Fact]
    public void A_map_keyed_by_class_names_over_integer_labels_says_the_names_are_in_underscore_label()
    {
        // A LabelledTree sample ({label: 0, _label: "person"}) and a map written with the names a person sees.
        var sample = new Sample("k") { ["image"] = new byte[1], ["label"] = 0L, ["_label"] = "person" };
        var map = LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(CocoLikeMap), "m");
        var error = Assert.Throws<UnknownLabelException>(() => RelabelOperation.Relabel(sample, map, new RelabelOptions()));
        Assert.Equal("sample \"k\": the label 0 is not in the label map, though its \"_label\" \"person\" is: map keys are matched against \"label\", so key the map by its values (here \"0\")", error.Message);

        // No hint when _label is not in the map either.
        sample["_label"] = "zebra";
        error = Assert.Throws<UnknownLabelException>(() => RelabelOperation.Relabel(sample, map, new RelabelOptions()));
        Assert.Equal("sample \"k\": the label 0 is not in the label map", error.Message);
    }

    [Fact]
    public void Unknown_label_is_an_error_naming_the_key_and_the_label_and_writes_nothing()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "person"), ("zebra-17", "zebra"));
        var error = Assert.Throws<UnknownLabelException>(() => RelabelOperation.Run(input, dir.File("out.msgpack"), WriteMap(dir)));
        Assert.Contains("\"zebra-17\"", error.Message);
        Assert.Contains("\"zebra\"", error.Message);
        Assert.False(File.Exists(dir.File("out.msgpack")));
    }

    [Fact]
    public void Unknown_labels_get_the_ignore_id_when_asked_with_a_note()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "zebra"), ("b", 99L), ("c", "cat"));
        var result = RelabelOperation.Run(input, dir.File("out.msgpack"), WriteMap(dir), new RelabelOptions { UnknownLabels = UnknownLabelPolicy.Ignore });
        using var reader = new DatasetReader(dir.File("out.msgpack"));
        Assert.Equal([255L, 255L, 3L], reader.Select(s => s["label"]));
        Assert.Contains("2 of 3 samples", Assert.Single(result.Notes));
    }

    [Fact]
    public void Ignoring_unknown_labels_needs_an_ignore_id()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "dog"));
        var error = Assert.Throws<ArgumentException>(() => RelabelOperation.Run(input, dir.File("out.msgpack"), WriteMap(dir, """{"map": {"dog": 3}}"""),
            new RelabelOptions { UnknownLabels = UnknownLabelPolicy.Ignore }));
        Assert.Contains("\"ignore\"", error.Message);
    }

    [Fact]
    public void A_sample_without_the_label_field_is_an_error_naming_its_key()
    {
        using var dir = new TempDir();
        string input = dir.File("in.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("no-label") { ["x"] = 1L });
            writer.Complete();
        }
        var error = Assert.Throws<UnknownLabelException>(() => RelabelOperation.Run(input, dir.File("out.msgpack"), WriteMap(dir)));
        Assert.Contains("\"no-label\"", error.Message);
        Assert.Contains("no \"label\" field", error.Message);
    }

    [Fact]
    public void A_label_of_an_unmappable_type_is_named_as_such()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("f", 1.5));
        var error = Assert.Throws<UnknownLabelException>(() => RelabelOperation.Run(input, dir.File("out.msgpack"), WriteMap(dir)));
        Assert.Contains("of type Double", error.Message);
    }

    [Fact]
    public void Relabelling_is_deterministic()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "person"), ("b", "car"), ("c", "sky"));
        string map = WriteMap(dir);
        RelabelOperation.Run(input, dir.File("one.msgpack"), map);
        RelabelOperation.Run(input, dir.File("two.msgpack"), map);
        Assert.Equal(File.ReadAllBytes(dir.File("one.msgpack")), File.ReadAllBytes(dir.File("two.msgpack")));
    }

    [Fact]
    public void Classes_are_read_with_names_and_colours()
    {
        var map = LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(CocoLikeMap), "coco.json");
        Assert.Equal(255, map.IgnoreId);
        Assert.Equal(["void", "person", "vehicle", "animal"], map.Classes.Select(c => c.Name));
        Assert.Equal([220, 20, 60], map.Classes[1].Color);
        Assert.True(map.TryMap(7L, out long id) && id == 2);
        Assert.False(map.TryMap("zebra", out _));
    }

    [Fact]
    public void A_map_that_is_not_json_names_the_file_line_and_byte()
    {
        var error = Assert.Throws<InvalidDataException>(() => LabelMap.Parse("{\n  \"map\": {\"a\": 1,,}\n}"u8.ToArray(), "broken.json"));
        Assert.StartsWith("broken.json: ", error.Message);
        Assert.Contains("line 2, byte", error.Message);
        // One convention only (1-based, as editors count): not System.Text.Json's 0-based suffix as well.
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.DoesNotContain("BytePositionInLine", error.Message);
    }

    [Theory]
    [InlineData("{\"map\": {\"a\": 1}} x")]
    [InlineData("{\"map\": tru}")]
    [InlineData("{\"map\": {\"a\": 1}")]
    public void Every_kind_of_json_error_gives_one_position(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(json), "m.json"));
        Assert.Contains("line 1, byte", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.DoesNotContain("BytePositionInLine", error.Message);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "needs a \"map\" object")]
    [InlineData("""{"map": {}}""", "\"map\" is empty")]
    [InlineData("""{"map": {"a": "x"}}""", "\"map\" entry \"a\" must be an integer")]
    [InlineData("""{"map": {"a": "ignore"}}""", "has no \"ignore\" id")]
    [InlineData("""{"ignore": "x", "map": {"a": 1}}""", "\"ignore\" must be an integer")]
    [InlineData("""{"classes": [{"id": 1}], "map": {"a": 2}}""", "training id 2, which \"classes\" does not declare")]
    [InlineData("""{"classes": [{"id": 1}, {"id": 1}], "map": {"a": 1}}""", "lists training id 1 twice")]
    [InlineData("""{"classes": [{"id": 1, "color": [1, 2]}], "map": {"a": 1}}""", "three integers 0..255")]
    [InlineData("""{"classes": [{"name": "x"}], "map": {"a": 1}}""", "\"classes\"[0] must be an object with an integer \"id\"")]
    public void Schema_errors_name_the_file_and_the_problem(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(json), "m.json"));
        Assert.StartsWith("m.json: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_map_file_is_named()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", "dog"));
        var error = Assert.Throws<FileNotFoundException>(() => RelabelOperation.Run(input, dir.File("out.msgpack"), dir.File("nope.json")));
        Assert.Contains("nope.json", error.Message);
    }
}
