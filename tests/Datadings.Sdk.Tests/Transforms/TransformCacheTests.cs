using System.Diagnostics;
using Datadings.Imaging;
using Datadings.Sdk.Tests.Support;
using Datadings.Transforms;

namespace Datadings.Sdk.Tests.Transforms;

/// <summary>The per-sample cache under stress: two builds at once on one cache, a build killed mid-write, pruning.</summary>
public sealed class TransformCacheTests(SdkPackageFixture sdk) : TransformTestBase(sdk)
{
    private const string Steps = "image = image | decode | resize 256x256 aspect=fit | encode png";

    /// <summary>Many different real images: 300×300 crops of the skimage photos at shifting offsets, as JPEG.</summary>
    private static List<(string, byte[])> Crops(int count)
    {
        var photos = Photos.Select(n => ImageCodec.Decode(File.ReadAllBytes(Photo(n)))).ToList();
        try
        {
            return [.. Enumerable.Range(0, count).Select(i =>
            {
                var photo = photos[i % photos.Count];
                int size = Math.Min(300, Math.Min(photo.Width, photo.Height));
                using var crop = ImageOps.Crop(photo, (i * 7) % (photo.Width - size + 1), (i * 13) % (photo.Height - size + 1), size, size);
                return ($"{i:D4}.jpg", ImageCodec.Encode(crop, ImageFormat.Jpeg, quality: 90));
            })];
        }
        finally
        {
            photos.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Two_builds_at_once_share_the_cache_and_a_build_killed_mid_write_leaves_it_consistent()
    {
        var folder = Sdk.NewFolder("transform-cache");
        var cache = Path.Combine(folder, "shared-cache");
        var properties = $"<DatadingsTransformCacheDir>{cache}</DatadingsTransformCacheDir><DatadingsTransformParallelism>1</DatadingsTransformParallelism>";
        var crops = Crops(400);
        var a = WritePhotoProject(folder, "a", crops, $"""<DatasetTransform Include="t" Input="photos" Steps="{Steps}" />""", properties);
        var b = WritePhotoProject(folder, "b", crops, $"""<DatasetTransform Include="t" Input="photos" Steps="{Steps}" />""", properties);

        // Killed mid-write: SIGKILL once the transform is under way, with cache transactions committed and open.
        var doomed = StartDotnet(Path.GetDirectoryName(a)!, "build", a, "-v:n");
        await doomed.WaitForOutputAsync("t: transform of photos", TimeSpan.FromMinutes(3));
        await Task.Delay(3000);
        Process.GetProcessById(doomed.Id).Kill(entireProcessTree: true);
        await doomed.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("t: built by", doomed.Output);
        AssertCacheSound(cache);

        // Two builds at once on the same cache: both succeed with identical outputs.
        var both = await Task.WhenAll(BuildAsync(a), BuildAsync(b));
        foreach (var build in both) AssertSucceeded(build);
        var (computedA, totalA) = ComputedSamples(both[0].Output, "t");
        var (computedB, _) = ComputedSamples(both[1].Output, "t");
        Assert.Equal(400, totalA);
        // The killed build's committed entries were reused; together the builds never computed more than twice over.
        Assert.True(computedA + computedB <= 800, $"computed {computedA} + {computedB}");
        Assert.Equal(Md5sOf(DatasetsDir(a))["t.msgpack"], Md5sOf(DatasetsDir(b))["t.msgpack"]);
        AssertCacheSound(cache, expectedEntries: 400);

        // Now everything is cached: a rebuild after a clean computes nothing.
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(a)!, "clean", a));
        var warm = await BuildAsync(a);
        AssertSucceeded(warm);
        Assert.Equal((0, 400), ComputedSamples(warm.Output, "t"));
    }

    [Fact]
    public async Task A_bounded_cache_prunes_least_recently_used_entries_and_builds_stay_correct()
    {
        var folder = Sdk.NewFolder("transform-prune");
        var cache = Path.Combine(folder, "small-cache");
        var crops = Crops(60);
        // Each 256x256 PNG is ~60-150 KB: 2 MB holds a part of them.
        var properties = $"<DatadingsTransformCacheDir>{cache}</DatadingsTransformCacheDir><DatadingsTransformCacheSize>2MB</DatadingsTransformCacheSize>";
        var project = WritePhotoProject(folder, "p", crops, $"""<DatasetTransform Include="t" Input="photos" Steps="{Steps}" />""", properties);

        var first = await BuildAsync(project);
        AssertSucceeded(first);
        Assert.Contains("least recently used entries", first.Output);
        using (var opened = TransformCache.Open(cache, 2 << 20))
        {
            Assert.Equal("ok", opened.IntegrityCheck());
            Assert.InRange(opened.Size().Bytes, 1, 2 << 20);
        }
        var bytes = Md5sOf(DatasetsDir(project))["t.msgpack"];

        // After a clean, pruned samples are computed again, kept ones reused, and the output is the same.
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(project)!, "clean", project));
        var second = await BuildAsync(project);
        AssertSucceeded(second);
        var (computed, total) = ComputedSamples(second.Output, "t");
        Assert.Equal(60, total);
        Assert.InRange(computed, 1, 59);
        Assert.Equal(bytes, Md5sOf(DatasetsDir(project))["t.msgpack"]);
    }

    [Fact]
    public async Task A_damaged_cache_file_is_replaced_by_an_empty_cache_and_the_build_succeeds()
    {
        var folder = Sdk.NewFolder("transform-damaged");
        var cache = Path.Combine(folder, "cache");
        var project = WritePhotoProject(folder, "p", Crops(8), $"""<DatasetTransform Include="t" Input="photos" Steps="{Steps}" />""",
            $"<DatadingsTransformCacheDir>{cache}</DatadingsTransformCacheDir>");
        AssertSucceeded(await BuildAsync(project));
        var bytes = Md5sOf(DatasetsDir(project))["t.msgpack"];

        // Cut the database file short (as a full disk or a bad copy would), then rebuild from a clean.
        var file = Path.Combine(cache, TransformCache.FileName);
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(5000);
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(project)!, "clean", project));
        var rebuilt = await BuildAsync(project);
        AssertSucceeded(rebuilt);
        Assert.Contains($"t: {file} was damaged (", rebuilt.Output);
        Assert.Contains("and was replaced by an empty cache", rebuilt.Output);
        Assert.Equal((8, 8), ComputedSamples(rebuilt.Output, "t"));
        Assert.Equal(bytes, Md5sOf(DatasetsDir(project))["t.msgpack"]);
        AssertCacheSound(cache, expectedEntries: 8);
    }

    private static void AssertCacheSound(string directory, long? expectedEntries = null)
    {
        using var cache = TransformCache.Open(directory, 1L << 40);
        Assert.Null(cache.Replaced); // opened as it was, not replaced because damaged
        Assert.Equal("ok", cache.IntegrityCheck());
        if (expectedEntries is { } n) Assert.Equal(n, cache.Size().Entries);
    }
}
