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
        // The examples are comments, so the fresh project builds before the user has filled anything in.
        Assert.Empty(project.Root.Elements("ItemGroup"));
        var comments = project.Root.Nodes().OfType<XComment>().Select(c => c.Value).ToList();
        Assert.Contains(comments, c => c.Contains("<DatasetSource Include=") && c.Contains("Md5=") && c.Contains("Url="));
        Assert.Contains(comments, c => c.Contains("<DatasetConversion Include="));
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
