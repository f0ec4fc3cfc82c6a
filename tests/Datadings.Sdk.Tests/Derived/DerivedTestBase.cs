using System.Text;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Derived;

/// <summary>Real builds of .dsproj files whose derived dataset items start from small Csv/JsonLines conversions.</summary>
public abstract class DerivedTestBase(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    /// <summary>
    /// Writes NAME/NAME.dsproj with files beside it; every @(DatasetOutput) after the derived step is echoed as
    /// "DERIVED dataset|path|samples|operation|from".
    /// </summary>
    protected string WriteDerivedProject(string folder, string name, IReadOnlyDictionary<string, string> files, string items)
    {
        var directory = Path.Combine(folder, name);
        Directory.CreateDirectory(directory);
        var sources = new StringBuilder();
        foreach (var (file, text) in files)
        {
            var path = Path.Combine(directory, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
            if (file.EndsWith(".csv", StringComparison.Ordinal) || file.EndsWith(".jsonl", StringComparison.Ordinal))
                sources.AppendLine($"""<DatasetSource Include="{file}" Md5="{TestBytes.Md5(File.ReadAllBytes(path))}" />""");
        }
        return WriteDataProject(folder, name, sources + items, """
            <Target Name="ShowDerivedOutputs" AfterTargets="DeriveDatasets" Condition="'@(DatasetOutput)' != ''">
              <Message Importance="high" Text="DERIVED %(DatasetOutput.DatasetName)|%(DatasetOutput.FullPath)|%(DatasetOutput.SampleCount)|%(DatasetOutput.Operation)|%(DatasetOutput.DerivedFrom)" />
            </Target>
            """);
    }

    protected sealed record DerivedOutput(string Dataset, string Path, int Samples, string Operation, string From);

    protected static Dictionary<string, DerivedOutput> DerivedOutputsFrom(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("DERIVED ", StringComparison.Ordinal))
            .Select(l => l["DERIVED ".Length..].Split('|'))
            .Select(p => new DerivedOutput(p[0], p[1], int.Parse(p[2]), p[3], p[4]))
            .DistinctBy(o => o.Dataset).ToDictionary(o => o.Dataset);

    /// <summary>Names of the derived datasets this build wrote (from the summary lines), not the up-to-date ones.</summary>
    protected static List<string> Built(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": built by ", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':')]).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>A CSV table of <paramref name="rows"/> rows: id (key), label (0..2), v.</summary>
    protected static string Table(string prefix, int rows, int classes = 3) =>
        "id,label,v\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{prefix}{i},{i % classes},{i * 10}\n"));

    /// <summary>JSON lines with id (key) and label (0..1).</summary>
    protected static string JsonLines(string prefix, int rows) =>
        string.Concat(Enumerable.Range(0, rows).Select(i => $"{{\"id\":\"{prefix}{i}\",\"label\":{i % 2},\"w\":[{i},{i + 1}]}}\n"));
}
