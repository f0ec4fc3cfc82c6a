using System.Xml.Linq;
using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

public class InitCommandTests
{
    [Fact]
    public void Init_scaffolds_a_dsproj_named_after_the_directory()
    {
        using var dir = new TempDir();
        string projectDir = Path.Combine(dir.Path, "fashion");
        CliRunner.Run("init", projectDir).AssertSuccess();

        var project = XDocument.Load(Path.Combine(projectDir, "fashion.dsproj"));
        Assert.Equal("Datadings.Sdk/0.1.0", project.Root!.Attribute("Sdk")!.Value);
        var source = Assert.Single(project.Descendants("DatasetSource"));
        Assert.NotNull(source.Attribute("Include"));
        Assert.NotNull(source.Attribute("Url"));
        Assert.NotNull(source.Attribute("Md5"));
        Assert.Contains(project.Nodes().OfType<XElement>().SelectMany(e => e.Nodes()).OfType<XComment>(), c => c.Value.Contains("<DatasetConversion"));
    }

    [Fact]
    public void Init_refuses_to_overwrite_without_force()
    {
        using var dir = new TempDir();
        string project = Path.Combine(dir.Path, "mine.dsproj");
        File.WriteAllText(project, "<Project />");
        var refused = CliRunner.Run("init", dir.Path, "--name", "mine");
        Assert.Contains("use --force", refused.AssertOneErrorLine(1));
        Assert.Equal("<Project />", File.ReadAllText(project));

        CliRunner.Run("init", dir.Path, "--name", "mine", "--force").AssertSuccess();
        Assert.Contains("Datadings.Sdk", File.ReadAllText(project));
    }

    [Fact]
    public void Init_rejects_an_unusable_name()
    {
        using var dir = new TempDir();
        CliRunner.Run("init", dir.Path, "--name", "a/b").AssertOneErrorLine(2);
    }
}
