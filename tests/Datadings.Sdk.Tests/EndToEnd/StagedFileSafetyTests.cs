using System.Text;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Support;

namespace Datadings.Sdk.Tests.EndToEnd;

/// <summary>
/// Staged files (<c>.NAME.PID.GUID.tmp</c>) never outlive a failure: a full disk (a real 20 MB tmpfs) and a
/// build killed with SIGKILL leave nothing that the next build or <c>dotnet clean</c> does not remove.
/// </summary>
public sealed class StagedFileSafetyTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [TmpfsFact]
    public async Task A_full_disk_fails_conversion_and_derived_item_with_their_own_codes_and_leaves_no_staged_file()
    {
        var folder = Sdk.NewFolder("disk-full");
        var disk = Path.Combine(folder, "small-disk");
        using var mount = Tmpfs.Mount(disk, 20);
        // 'small' (~9 MB) fits; 'big' (~30 MB) does not; shuffling 'small' needs ~9 MB more than is left.
        var project = WriteTables(folder, disk, ("small.csv", 60_000), ("big.csv", 200_000));

        var first = await BuildAsync(project);
        var second = await BuildAsync(project);

        foreach (var build in new[] { first, second })
        {
            AssertFailedWith(build, "DD2011");
            Assert.Matches(@"Dataset 'big' \(Csv\): The disk is full: writing .*big\.msgpack needs at least [\d,]+ bytes \([\d.]+ MB\), and only [\d.]+ [kM]?B (is|are) free on its volume\. Free some space \(or write elsewhere\) and try again\. No dataset was written\.",
                ErrorLine(build.Output, "DD2011"));
            AssertFailedWith(build, "DD3011");
            Assert.Contains("DatasetShuffle 'mixed': The disk is full: writing ", ErrorLine(build.Output, "DD3011"));
            Assert.DoesNotContain("DD2099", build.Output);
            Assert.DoesNotContain("DD3099", build.Output);
            Assert.Empty(Directory.GetFiles(disk, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(disk, ".*", SearchOption.AllDirectories)));
            Assert.Equal(["small.msgpack", "small.msgpack.filter", "small.msgpack.key_hashes", "small.msgpack.keys", "small.msgpack.md5", "small.msgpack.offsets"],
                Directory.GetFiles(disk).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Staged_files_of_a_killed_build_are_removed_by_clean_and_the_next_build_but_a_live_writers_are_kept()
    {
        var folder = Sdk.NewFolder("killed");
        var datasets = Path.Combine(folder, "out");
        var project = WriteTables(folder, datasets, ("big.csv", 400_000));

        var build = StartDotnet(Path.GetDirectoryName(project)!, "build", project, "-v:n");
        await build.WaitForOutputAsync(" samples) at ", TimeSpan.FromMinutes(3));
        var staged = Directory.GetFiles(datasets, ".big.msgpack.*.tmp");
        Assert.NotEmpty(staged);
        build.KillTree(); // SIGKILL, like kill -9: nothing in the build gets to clean up
        Assert.All(staged, f => Assert.True(File.Exists(f), $"{f} vanished before the next build"));

        // Two staged files that look abandoned but are not: one named after a process that runs (this test), one
        // held open by a live process under the killed build's id. Neither may be touched.
        var livePid = Path.Combine(datasets, $".big.msgpack.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var heldOpen = Path.Combine(datasets, $".big.msgpack.{build.Id}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(livePid, "another build's staged data");
        using (var held = new FileStream(heldOpen, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete))
        {
            var clean = await DotnetAsync(Path.GetDirectoryName(project)!, "clean", project, "-v:n");
            AssertSucceeded(clean);
            Assert.All(staged, f => Assert.False(File.Exists(f), $"clean left {f}"));
            Assert.Contains("a staged file left by a build that was killed while writing it", clean.Output);
            Assert.True(File.Exists(livePid));
            Assert.True(File.Exists(heldOpen));
        }

        // The held file's writer is gone now: the next build removes it, converts, and leaves only the live one.
        var next = await BuildAsync(project);
        AssertSucceeded(next);
        Assert.Contains("big: converted 400,000 samples", next.Output);
        Assert.False(File.Exists(heldOpen));
        Assert.Equal([Path.GetFileName(livePid)], Directory.GetFiles(datasets, ".*").Select(Path.GetFileName));
    }

    /// <summary>A project converting tables of (file, rows) with long text cells, writing datasets to <paramref name="outputDirectory"/>.</summary>
    private string WriteTables(string folder, string outputDirectory, params (string File, int Rows)[] tables)
    {
        var directory = Path.Combine(folder, "tables");
        Directory.CreateDirectory(directory);
        var items = new StringBuilder();
        foreach (var (file, rows) in tables)
        {
            var path = Path.Combine(directory, file);
            using (var writer = new StreamWriter(path))
            {
                writer.Write("id,text\n");
                for (int i = 0; i < rows; i++) writer.Write($"r{i},{new string((char)('a' + i % 26), 130)}\n");
            }
            var name = Path.GetFileNameWithoutExtension(file);
            items.AppendLine($"""<DatasetSource Include="{file}" Md5="{TestBytes.Md5(File.ReadAllBytes(path))}" />""");
            items.AppendLine($"""<DatasetConversion Include="{name}" Converter="Csv" Source="{file}" KeyColumn="id" />""");
        }
        items.AppendLine($"""<DatasetShuffle Include="mixed" Input="{Path.GetFileNameWithoutExtension(tables[0].File)}" Seed="1" />""");
        return WriteDataProject(folder, "tables", items.ToString(),
            $"<PropertyGroup><DatasetOutputPath>{Escape(outputDirectory)}/</DatasetOutputPath></PropertyGroup>");
    }
}
