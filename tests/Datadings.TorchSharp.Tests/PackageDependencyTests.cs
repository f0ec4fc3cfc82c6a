using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Datadings.TorchSharp.Tests;

/// <summary>
/// The lean reader package stays lean: packing the built projects as a release would, the Datadings package
/// depends on System.IO.Hashing alone, and only Datadings.TorchSharp brings TorchSharp.
/// </summary>
public sealed class PackageDependencyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-torch-pack-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Only_the_adapter_package_depends_on_TorchSharp()
    {
        Assert.Equal(["System.IO.Hashing"], Dependencies("src/Datadings/Datadings.csproj", "Datadings"));
        var adapter = Dependencies("src/Datadings.TorchSharp/Datadings.TorchSharp.csproj", "Datadings.TorchSharp");
        Assert.Equal(["Datadings", "Datadings.Imaging", "TorchSharp-cpu"], adapter);
    }

    // The package ids the packed .nuspec depends on (all target frameworks), sorted.
    private string[] Dependencies(string project, string id)
    {
        string root = Metadata("RepositoryRoot"), version = "0.0.0-deps";
        var start = new ProcessStartInfo("dotnet", ["pack", Path.Combine(root, project), "--no-build", "-c", Metadata("Configuration"),
            "-o", _folder, $"-p:PackageVersion={version}", "-nodeReuse:false", "-v:q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var pack = Process.Start(start)!;
        var output = pack.StandardOutput.ReadToEndAsync();
        var errors = pack.StandardError.ReadToEnd();
        pack.WaitForExit();
        Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed:\n{output.Result}\n{errors}");
        using var package = ZipFile.OpenRead(Path.Combine(_folder, $"{id}.{version}.nupkg"));
        using var nuspec = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    private static string Metadata(string key) => typeof(PackageDependencyTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
