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
