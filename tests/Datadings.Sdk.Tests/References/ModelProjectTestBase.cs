using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.References;

/// <summary>A .dsproj with a CSV table and a sharded JSON Lines dataset (both checked in beside it), and C# projects that reference it.</summary>
public abstract class ModelProjectTestBase(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    protected const string Csv = "id,value\na,1\nb,2\nc,3\n";

    protected static readonly string JsonLines = string.Concat(Enumerable.Range(0, 5).Select(i => $"{{\"id\":\"r{i}\",\"x\":{i}}}\n"));

    /// <summary>Data/Data.dsproj: "table" (3 rows) and "rows" (5 rows in shards of 2).</summary>
    protected string WriteDataset(string folder, string csv = Csv)
    {
        var directory = Path.Combine(folder, "Data");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "table.csv"), csv);
        File.WriteAllText(Path.Combine(directory, "rows.jsonl"), JsonLines);
        return WriteDataProject(folder, "Data", $"""
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetSource Include="rows.jsonl" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(JsonLines))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" />
            <DatasetConversion Include="rows" Converter="JsonLines" Source="rows.jsonl" KeyColumn="id" ShardSize="2" />
            """);
    }

    /// <summary>NAME/NAME.csproj, a console app whose Program.cs is <paramref name="program"/>.</summary>
    protected static string WriteApp(string folder, string name, string references, string program, string properties = "", string extra = "")
    {
        var directory = Path.Combine(folder, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        var path = Path.Combine(directory, name + ".csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
              {extra}
            </Project>
            """);
        return path;
    }

    /// <summary>Lib/Lib.csproj, a class library that references ../Data/Data.dsproj (for transitive references).</summary>
    protected static void WriteLibrary(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "Lib"));
        File.WriteAllText(Path.Combine(folder, "Lib", "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><ProjectReference Include="../Data/Data.dsproj" /></ItemGroup>
            </Project>
            """);
    }

    /// <summary>Prints where each dataset is and how many samples it has, through the generated class.</summary>
    protected const string PrintDatasets = """
        using var table = Datasets.Data.Table.Open();
        using var rows = Datasets.Data.Rows.Open();
        Console.WriteLine($"table {table.Count} {Datasets.Data.Table.Path}");
        Console.WriteLine($"rows {rows.Count} {Datasets.Data.Rows.Path}");
        """;

    protected static string OutputDir(string project) => Path.Combine(Path.GetDirectoryName(project)!, "bin", "Debug", "net10.0");

    protected static string CopiedDatasets(string project) => Path.Combine(OutputDir(project), "datasets", "Data");

    protected async Task<string> RunAsync(string project)
    {
        var result = await DotnetAsync(Path.GetDirectoryName(project)!, Path.Combine(OutputDir(project), Path.GetFileNameWithoutExtension(project) + ".dll"));
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    /// <summary>Files the build copied into a datasets folder (normal verbosity logs every copy).</summary>
    protected static List<string> DatasetCopies(string output) =>
        output.Split('\n').Where(l => l.Contains("Copying file from", StringComparison.Ordinal) && l.Contains("/datasets/Data/", StringComparison.Ordinal)).ToList();

    protected static void AssertNoWarnings(string output) =>
        Assert.DoesNotContain(output.Split('\n'), l => l.Contains(": warning ", StringComparison.Ordinal));
}
