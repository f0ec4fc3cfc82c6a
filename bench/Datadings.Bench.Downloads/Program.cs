using System.Reflection;
using Datadings.Bench.Downloads;
using Datadings.Downloads;

// Usage: dotnet run -c Release --project bench/Datadings.Bench.Downloads [-- --download-mb 1024 --sources 10 --source-mb 100 --only-build]
// Writes ~2 GB of scratch files under the temp folder and removes them at the end.
var downloadMb = Option("--download-mb", 1024);
var sourceCount = Option("--sources", 10);
var sourceMb = Option("--source-mb", 100);
var repositoryRoot = typeof(FileServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var scratch = Directory.CreateTempSubdirectory("dd-bench-").FullName;
var version = $"0.1.0-bench.{DateTime.UtcNow:yyyyMMddHHmmss}";
try
{
    Console.WriteLine($"scratch: {scratch}");
    var big = Path.Combine(scratch, "big.bin");
    if (!args.Contains("--only-build"))
        MeasureTransferAndHash(big);

    void MeasureTransferAndHash(string big)
    {
        WriteRandom(big, downloadMb);
        // 1. Download throughput on loopback, next to curl (both write the file to the same disk).
        using (var server = new FileServer(big))
        {
            var curl = Measure.Best(3, () => Measure.Run("curl", scratch, "-s", "-f", "-o", Path.Combine(scratch, "curl.bin"), server.Url));
            var md5 = Md5Hex.HashFile(big);
            var ours = Measure.Best(3, () =>
            {
                var cache = new DownloadCache(Path.Combine(scratch, "cache-" + Guid.NewGuid().ToString("N")));
                using var resolver = new SourceResolver(cache);
                resolver.ResolveAsync(new SourceRequest("big.bin", md5, [server.Url])).GetAwaiter().GetResult();
                Directory.Delete(cache.Root, recursive: true);
            });
            Measure.Report($"download {downloadMb} MB (+MD5 on the fly)", ours, "curl", curl, 0.8, higherIsBetter: true);
        }

        // 2. MD5 verification, next to md5sum, page cache warm for both.
        var md5sum = Measure.Best(3, () => Measure.Run("md5sum", scratch, big));
        var hash = Measure.Best(3, () => Md5Hex.HashFile(big));
        Measure.Report($"md5 of {downloadMb} MB", hash, "md5sum", md5sum, 0.8, higherIsBetter: true);
        File.Delete(big);
    }

    // 3. No-op build of a .dsproj with N large file:// sources, next to an empty .dsproj.
    var feed = Path.Combine(scratch, "feed");
    Measure.Run("dotnet", repositoryRoot, "pack", Path.Combine(repositoryRoot, "sdk", "Datadings.Sdk", "Datadings.Sdk.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nodeReuse:false", "-v:q");
    // The SDK resolver and restore of the bench projects use a private package folder, not the user's.
    Environment.SetEnvironmentVariable("NUGET_PACKAGES", Path.Combine(scratch, "packages"));
    File.WriteAllText(Path.Combine(scratch, "NuGet.config"),
        $"<configuration><packageSources><clear /><add key=\"bench\" value=\"{feed}\" /></packageSources></configuration>");
    var items = new List<string>();
    for (var i = 0; i < sourceCount; i++)
    {
        var path = Path.Combine(scratch, $"source{i}.bin");
        WriteRandom(path, sourceMb, seed: i);
        items.Add($"<DatasetSource Include=\"source{i}.bin\" Url=\"{new Uri(path).AbsoluteUri}\" Md5=\"{Md5Hex.HashFile(path)}\" />");
    }
    var large = WriteProject("large", string.Join("\n    ", items));
    var empty = WriteProject("empty", "");
    foreach (var project in new[] { large, empty })
    {
        Measure.Run("dotnet", Path.GetDirectoryName(project)!, "restore", project, "-nodeReuse:false");
        Measure.Run("dotnet", Path.GetDirectoryName(project)!, "build", project, "--no-restore", "-nodeReuse:false"); // first build hashes the sources once
    }
    TimeSpan NoOp(string project) => Measure.Best(5, () => Measure.Run("dotnet", Path.GetDirectoryName(project)!, "build", project, "--no-restore", "-nodeReuse:false"));
    var emptyTime = NoOp(empty);
    var largeTime = NoOp(large);
    Measure.Report($"no-op build, {sourceCount}×{sourceMb} MB", largeTime, "empty .dsproj", emptyTime, 1.2, higherIsBetter: false);

    var summary = Measure.Run("dotnet", Path.GetDirectoryName(large)!, "build", large, "--no-restore", "-nodeReuse:false", "-clp:PerformanceSummary");
    var taskLine = summary.Split('\n').FirstOrDefault(l => l.Contains("DownloadDatasetSources", StringComparison.Ordinal))?.Trim();
    Console.WriteLine($"DownloadDatasetSources task time in the no-op build: {taskLine}");
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

string WriteProject(string name, string itemsXml)
{
    var dir = Path.Combine(scratch, name);
    Directory.CreateDirectory(dir);
    var path = Path.Combine(dir, name + ".dsproj");
    File.WriteAllText(path, $"<Project Sdk=\"Datadings.Sdk/{version}\">\n  <PropertyGroup><DatadingsCacheDir>{Path.Combine(scratch, "cache")}</DatadingsCacheDir></PropertyGroup>\n  <ItemGroup>\n    {itemsXml}\n  </ItemGroup>\n</Project>\n");
    return path;
}

static void WriteRandom(string path, int megabytes, int seed = 42)
{
    var random = new Random(seed);
    var block = new byte[1 << 20];
    using var stream = File.Create(path);
    for (var i = 0; i < megabytes; i++)
    {
        random.NextBytes(block);
        stream.Write(block);
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
