using System.Security.Cryptography;
using Datadings.Sdk.Tests.EndToEnd;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Conversions;

/// <summary>Real builds of .dsproj files with DatasetConversion items; sources served on loopback or written beside the project.</summary>
public abstract class ConversionTestBase(SdkPackageFixture sdk) : EndToEndTestBase(sdk)
{
    /// <summary>A DatasetSource item for <paramref name="bytes"/> served on loopback.</summary>
    protected string Served(string name, byte[] bytes)
    {
        Server.Serve(name, bytes);
        return $"""<DatasetSource Include="{name}" Url="{Server.Url(name)}" Md5="{TestBytes.Md5(bytes)}" />""";
    }

    /// <summary>Writes NAME/NAME.dsproj; every @(DatasetOutput) is echoed as "OUTPUT dataset|path|samples|shard|shardCount".</summary>
    protected string WriteDataProject(string folder, string name, string items, string extra = "") => WriteDsproj(folder, name, $"""
          <PropertyGroup>
            <DatadingsProgressInterval>0.2</DatadingsProgressInterval>
          </PropertyGroup>
          <ItemGroup>
            {items}
          </ItemGroup>
          {extra}
          <Target Name="ShowDatasetOutputs" AfterTargets="ConvertDatasets" Condition="'@(DatasetOutput)' != ''">
            <Message Importance="high" Text="OUTPUT %(DatasetOutput.DatasetName)|%(DatasetOutput.FullPath)|%(DatasetOutput.SampleCount)|%(DatasetOutput.Shard)|%(DatasetOutput.ShardCount)|%(DatasetOutput.ClassNames)" />
          </Target>
        """);

    protected sealed record Output(string Dataset, string Path, int Samples, int Shard, int ShardCount, string ClassNames);

    protected static List<Output> OutputsFrom(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("OUTPUT ", StringComparison.Ordinal))
            .Select(l => l["OUTPUT ".Length..].Split('|'))
            .Select(p => new Output(p[0], p[1], int.Parse(p[2]), int.Parse(p[3]), int.Parse(p[4]), p[5]))
            .DistinctBy(o => o.Path).ToList();

    /// <summary>Names of the datasets this build converted (from the summary lines), not the up-to-date ones.</summary>
    protected static List<string> Converted(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": converted ", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':')]).Distinct().Order(StringComparer.Ordinal).ToList();

    protected static Dictionary<string, string> Md5sOf(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(f))));

    /// <summary>bin/datasets: the same folder for every configuration, framework and runtime.</summary>
    protected static string DatasetsDir(string project) => Path.Combine(Path.GetDirectoryName(project)!, "bin", "datasets");
}
