using System.Text;
using Datadings.Sdk.Tests.References;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Locking;

/// <summary>A dataset project whose CSV source is served on loopback, converted and shuffled, with a lock file.</summary>
public abstract class LockTestBase(SdkPackageFixture sdk) : ModelProjectTestBase(sdk)
{
    protected const string Rows = "id,value\na,1\nb,2\nc,3\nd,4\ne,5\n";

    /// <summary>Repo/Data/Data.dsproj: "table" from rows.csv (served) and "mixed", a shuffle of it with <paramref name="seed"/>.</summary>
    protected string WriteLockedProject(string folder, int seed = 1, string properties = "<DatadingsUseLockFile>true</DatadingsUseLockFile>") =>
        WriteDsproj(folder, "Data", $"""
              <PropertyGroup>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {Served("rows.csv", Encoding.UTF8.GetBytes(Rows))}
                <DatasetConversion Include="table" Converter="Csv" Source="rows.csv" KeyColumn="id" />
                <DatasetShuffle Include="mixed" Input="table" Seed="{seed}" />
              </ItemGroup>
            """);

    protected static string LockOf(string project) => Path.Combine(Path.GetDirectoryName(project)!, "datasets.lock.json");

    /// <summary>Every error line of one code (MSBuild repeats errors in its summary: distinct lines).</summary>
    protected static List<string> ErrorLines(string output, string code) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains($"error {code}:", StringComparison.Ordinal)).Distinct().ToList();
}
