using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>
/// A project outside the repository (`datadings init DIR --source artifacts/feed`) restores Datadings.Sdk into the
/// user's global packages folder, and NuGet never asks a feed again for a version that folder holds. Packing the SDK
/// anew with the same version (as every `dotnet build sdk/Datadings.Sdk` of a newer checkout does) must therefore
/// drop that version from there, or the old SDK silently keeps building the user's projects.
/// In the end-to-end collection and with the run's own version: packing writes into the SDK's obj/, which the
/// other tests' packages come from, so it must not run beside the fixture's pack or with another version.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StalePackageCacheTests(SdkPackageFixture sdk)
{
    [Fact]
    public async Task Packing_the_sdk_drops_the_packed_version_from_the_global_packages_folder_and_keeps_other_versions()
    {
        using var root = new TempDirectory("dd-stale");
        var packages = root.Combine("packages") + Path.DirectorySeparatorChar;
        var version = sdk.Version;   // NuGet keeps it in a lower-case folder: the run's version already is
        string[] ids = ["datadings.sdk", "datadings", "datadings.archives", "datadings.imaging"];
        foreach (var id in ids)
        {
            Directory.CreateDirectory(Path.Combine(packages, id, version.ToLowerInvariant()));
            File.WriteAllText(Path.Combine(packages, id, version.ToLowerInvariant(), ".nupkg.metadata"), "{}");
        }
        var otherVersion = Path.Combine(packages, "datadings.sdk", "0.0.9");
        Directory.CreateDirectory(otherVersion);

        var project = Path.Combine(SdkPackageFixture.RepositoryRoot, "sdk", "Datadings.Sdk", "Datadings.Sdk.csproj");
        var pack = DotnetProcess.Start(root.Path, new Dictionary<string, string?>(),
            "pack", project, "--no-build", "--no-restore", "-c", SdkPackageFixture.Configuration, "-o", root.Combine("feed"),
            $"-p:Version={version}", $"-p:NuGetPackageRoot={packages}", "-nodeReuse:false", "-v:q");
        Assert.True(await pack.WaitAsync(TimeSpan.FromMinutes(3)) == 0, pack.Output);

        Assert.True(File.Exists(root.Combine("feed", $"Datadings.Sdk.{version}.nupkg")), pack.Output);
        Assert.All(ids, id => Assert.False(Directory.Exists(Path.Combine(packages, id, version.ToLowerInvariant())), $"{id}/{version} is still in the global packages folder"));
        Assert.True(Directory.Exists(otherVersion), "another version of Datadings.Sdk was removed too");
    }
}
