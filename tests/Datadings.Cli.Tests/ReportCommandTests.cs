using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

public class ReportCommandTests
{
    [Fact]
    public void Report_writes_a_card_beside_the_dataset_with_class_names_and_all_label_counts()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "small", 10); // labels 0,1,2 → 4,3,3

        var result = CliRunner.Run("report", dataset, "--class-names", "cat;dog;<bird>");
        result.AssertSuccess();

        string html = File.ReadAllText(dir.File("small.card.html"));
        Assert.Contains("<tr data-label=\"0\" data-count=\"4\"><td>0</td><td>cat</td>", html);
        Assert.Contains("<tr data-label=\"1\" data-count=\"3\"><td>1</td><td>dog</td>", html);
        Assert.Contains("<td>&lt;bird&gt;</td>", html);
        Assert.Contains("data:image/png;base64,", html); // the histogram chart
    }

    [Fact]
    public void Report_with_a_label_or_mask_field_no_sample_has_names_it_and_the_fields_seen_and_writes_nothing()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "small", 5);
        string card = dir.File("card.html");

        string line = CliRunner.Run("report", dataset, "--label-field", "nope", "-o", card).AssertOneErrorLine(2);
        Assert.Contains($"{dataset}: no sample has the label field \"nope\"; the fields of its 5 samples are \"key\", \"label\", \"image\"", line);
        line = CliRunner.Run("report", dataset, "--mask-field", "seg", "-o", card).AssertOneErrorLine(2);
        Assert.Contains("no sample has the mask field \"seg\"", line);
        Assert.False(File.Exists(card));
        Assert.All(Directory.GetFiles(dir.Path), f => Assert.StartsWith("small.msgpack", Path.GetFileName(f))); // no card, no staged file

        // Named and present, or left at its default on a dataset without labels: a card as before.
        CliRunner.Run("report", dataset, "--label-field", "label", "-o", card).AssertSuccess();
        Assert.Contains("(field <code>label</code>, 3 distinct", File.ReadAllText(card));

        // An empty dataset has no sample to lack the field: a card, not "the fields of its 0 samples are " and nothing.
        string empty = TestData.Generated(dir, "empty", 0);
        CliRunner.Run("report", empty, "--label-field", "label", "--mask-field", "seg", "-o", dir.File("empty.html")).AssertSuccess();
        Assert.Contains("empty.msgpack", File.ReadAllText(dir.File("empty.html")));
    }

    [Fact]
    public void Report_shows_a_tiny_share_as_less_than_the_last_decimal_not_as_zero()
    {
        using var dir = new TempDir();
        string many = dir.File("many.msgpack");
        using (var writer = new Writing.DatasetWriter(many))
        {
            for (int i = 0; i < 20_000; i++) writer.Write(new Sample("k" + i) { ["label"] = i == 0 ? 1L : 0L });
            writer.Complete();
        }
        CliRunner.Run("report", many).AssertSuccess();
        string html = File.ReadAllText(dir.File("many.card.html"));
        Assert.Contains("<td>1</td><td></td><td>1</td><td>&lt;0.01 %</td>", html);
        Assert.Contains("<td>0</td><td></td><td>19,999</td><td>&gt;99.99 %</td>", html);
    }

    [Fact]
    public void Report_writes_where_output_says_and_names_a_missing_dataset()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "small", 5);
        CliRunner.Run("report", dataset, "-o", dir.File("out/card.html")).AssertSuccess();
        Assert.True(File.Exists(dir.File("out/card.html")));

        string missing = dir.File("nope.msgpack");
        var error = CliRunner.Run("report", missing, "-o", dir.File("nope.html"));
        Assert.Contains(missing, error.AssertOneErrorLine(1));
        Assert.False(File.Exists(dir.File("nope.html")));
    }

    [Fact]
    public void Report_of_a_view_file_says_it_is_a_view_not_that_index_files_are_missing()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "small", 10);
        string view = dir.File("w.view.json");
        CliRunner.Run("view", dataset, view, "--windows", "5:5").AssertSuccess();

        var line = CliRunner.Run("report", view, "-o", dir.File("w.html")).AssertOneErrorLine(2);
        Assert.Contains($"{view} is a view file; report reads datasets", line);
        Assert.DoesNotContain("offsets", line);
        Assert.False(File.Exists(dir.File("w.html")));
    }
}
