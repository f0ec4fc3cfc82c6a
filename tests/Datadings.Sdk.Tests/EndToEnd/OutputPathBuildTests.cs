using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>A DatasetOutputPath under an existing file: the build names that file, not "already exists".</summary>
public sealed class OutputPathBuildTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [Fact]
    public async Task An_output_folder_under_a_file_is_an_error_naming_the_file_and_writes_nothing()
    {
        var folder = Sdk.NewFolder("output-under-file");
        var projectDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(projectDir);
        var csv = "id,label\na,0\nb,1\n";
        File.WriteAllText(Path.Combine(projectDir, "table.csv"), csv);
        var blocker = Path.Combine(projectDir, "out");
        File.WriteAllText(blocker, "a file, not a folder");
        var project = WriteDataProject(folder, "data", $"""
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" />
            """, extra: "<PropertyGroup><DatasetOutputPath>out/datasets/</DatasetOutputPath></PropertyGroup>");

        var build = await BuildAsync(project);

        AssertFailedWith(build, "DD2099");
        var line = ErrorLine(build.Output, "DD2099");
        Assert.Contains($"Dataset 'table' (Csv): cannot create the folder {Path.Combine(blocker, "datasets")}/: {blocker} is a file, not a folder.", line);
        Assert.DoesNotContain("already exists", line);
        Assert.DoesNotContain("IOException", line);
        Assert.Equal("a file, not a folder", File.ReadAllText(blocker));
    }
}
