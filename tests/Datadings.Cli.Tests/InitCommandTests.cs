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
        Assert.StartsWith("id,label,width,height\n", File.ReadAllText(Path.Combine(projectDir, "example.csv")));
        Assert.False(File.Exists(Path.Combine(projectDir, "NuGet.config")));
        // The examples are comments, so the fresh project builds before the user has filled anything in.
        Assert.Empty(project.Root.Elements("ItemGroup"));
        var comments = project.Root.Nodes().OfType<XComment>().Select(c => c.Value).ToList();
        Assert.Contains(comments, c => c.Contains("<DatasetSource Include=\"example.csv\"") && c.Contains("Md5="));
        Assert.Contains(comments, c => c.Contains("a download adds Url="));
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

    [Fact]
    public void Init_with_a_source_writes_a_nuget_config_naming_that_feed_and_the_sdk_version_asked_for()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("init", dir.Path, "--name", "d", "--source", dir.File("feed"), "--sdk-version", "1.2.3-x");
        result.AssertSuccess();

        var config = XDocument.Load(Path.Combine(dir.Path, "NuGet.config"));
        var source = Assert.Single(config.Descendants("add"));
        Assert.Equal(Path.Combine(dir.Path, "feed"), source.Attribute("value")!.Value);
        Assert.Equal("Datadings.Sdk/1.2.3-x", XDocument.Load(Path.Combine(dir.Path, "d.dsproj")).Root!.Attribute("Sdk")!.Value);
        Assert.Contains("NuGet finds Datadings.Sdk in", result.Stdout);

        File.WriteAllText(Path.Combine(dir.Path, "example.csv"), "mine\n");
        var refused = CliRunner.Run("init", dir.Path, "--name", "e");
        Assert.Contains("example.csv already exists with other content", refused.AssertOneErrorLine(1));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(dir.Path, "example.csv")));
    }
}
