using Datadings.Imaging;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Sdk.Tests.Support;
using Datadings.Transforms;

namespace Datadings.Sdk.Tests.Transforms;

public sealed class TransformBuildTests(SdkPackageFixture sdk) : TransformTestBase(sdk)
{
    private const string Items = """
        <DatasetTransform Include="photos_512" Input="photos">
          <Steps>
            image_512 = image | decode | resize 512x512 | encode png
            gray_64 = image | decode | resize 64x64 aspect=fill | grayscale | ndarray
            rename label class
            drop image _label
          </Steps>
        </DatasetTransform>
        <DatasetTransform Include="photos_224" Input="photos" Steps="image = image | decode | resize 224x224 | encode jpeg quality=92" />
        <DatasetTransform Include="tensors" Input="photos_224" Steps="x = image | decode | rgb | ndarray float32 mean=0.485,0.456,0.406 std=0.229,0.224,0.225; keep x" />
        <DatasetShuffle Include="photos_224_shuffled" Input="photos_224" Seed="3" />
        """;

    [Fact]
    public async Task Real_photos_resize_to_512_and_224_recompute_one_changed_sample_and_give_the_same_bytes_on_one_thread()
    {
        var folder = Sdk.NewFolder("transform-photos");
        var project = WritePhotoProject(folder, "photos", PhotoFiles(Photos), Items);

        var first = await BuildAsync(project);
        AssertSucceeded(first);
        Assert.Equal(["photos_224", "photos_224_shuffled", "photos_512", "tensors"], Built(first.Output));
        Assert.Equal((6, 6), ComputedSamples(first.Output, "photos_512"));
        // The summary names the JPEG codec, whose outputs differ from Skia's: a team can see when machines disagree.
        Assert.Contains("JPEG codec: TurboJPEG (the system's libjpeg-turbo)", first.Output);
        var datasets = DatasetsDir(project);

        using (var big = new DatasetReader(Path.Combine(datasets, "photos_512.msgpack")))
        using (var small = new DatasetReader(Path.Combine(datasets, "photos_224.msgpack")))
        using (var tensors = new DatasetReader(Path.Combine(datasets, "tensors.msgpack")))
        {
            big.Verify();
            Assert.Equal(6, big.Count);
            foreach (var name in Photos)
            {
                var key = "photo/" + name;
                Assert.Equal(["key", "class", "image_512", "gray_64"], big[big.Keys.ToList().IndexOf(key)].Keys);
                // Reference: the mean colour of the original photo. A stretch keeps every pixel's share of the
                // picture, so the resized mean stays within a few levels (JPEG adds its own rounding).
                using var original = ImageCodec.Decode(File.ReadAllBytes(Photo(name)));
                var reference = original.MeanColor();
                using var png = DecodeField(big, key, "image_512");
                using var jpeg = DecodeField(small, key, "image");
                Assert.Equal((512, 512), (png.Width, png.Height));
                Assert.Equal((224, 224), (jpeg.Width, jpeg.Height));
                for (int c = 0; c < Math.Min(3, reference.Length); c++)
                {
                    Assert.InRange(png.MeanColor()[Math.Min(c, png.Channels - 1)], reference[c] - 2.5, reference[c] + 2.5);
                    Assert.InRange(jpeg.MeanColor()[Math.Min(c, jpeg.Channels - 1)], reference[c] - 4, reference[c] + 4);
                }
                var gray = Assert.IsType<NdArray>(big[big.Keys.ToList().IndexOf(key)]["gray_64"]);
                Assert.Equal("|u1", gray.Dtype);
                Assert.Equal([64L, 64L], gray.Shape);

                var tensor = Assert.IsType<NdArray>(tensors[tensors.Keys.ToList().IndexOf(key)]["x"]);
                Assert.Equal("<f4", tensor.Dtype);
                Assert.Equal([3L, 224L, 224L], tensor.Shape);
                // Channel means of the normalised tensor are (mean/255 − m) / s of the 224 JPEG's channel means.
                var values = tensor.ToArray<float>();
                double[] m = [0.485, 0.456, 0.406], s = [0.229, 0.224, 0.225];
                var jpegMean = jpeg.MeanColor();
                for (int c = 0; c < 3; c++)
                {
                    var expected = (jpegMean[Math.Min(c, jpeg.Channels - 1)] / 255 - m[c]) / s[c];
                    Assert.InRange(values.Skip(c * 224 * 224).Take(224 * 224).Average(), expected - 0.01, expected + 0.01);
                }
            }
        }
        // Inside MSBuild the packed SDK's tasks use the system's TurboJPEG too: this process (TurboJPEG, as its code
        // identity says) computes the same bytes as the build did.
        Assert.Contains("; jpeg turbojpeg ", TransformOperation.CodeIdentity);
        var inProcess = Path.Combine(folder, "photos_224.in-process.msgpack");
        TransformOperation.Run(Path.Combine(datasets, "photos.msgpack"), inProcess, TransformScript.Parse("image = image | decode | resize 224x224 | encode jpeg quality=92"));
        Assert.Equal(SampleMd5s(Path.Combine(datasets, "photos_224.msgpack")), SampleMd5s(inProcess));

        var firstBytes = Md5sOf(datasets);
        var firstSamples = SampleMd5s(Path.Combine(datasets, "photos_512.msgpack"));

        // A no-op build computes nothing.
        var again = await BuildAsync(project);
        AssertSucceeded(again);
        Assert.Empty(Built(again.Output));

        // One photo replaced: exactly that sample is computed again, the others come from the cache, and the
        // unchanged samples' bytes are unchanged.
        var changed = Photos.Select(n => (n, File.ReadAllBytes(Photo(n == "coffee.png" ? "hubble_deep_field.jpg" : n)))).ToList();
        WritePhotoProject(folder, "photos", changed, Items);
        var rebuilt = await BuildAsync(project);
        AssertSucceeded(rebuilt);
        Assert.Equal((1, 6), ComputedSamples(rebuilt.Output, "photos_512"));
        Assert.Equal((1, 6), ComputedSamples(rebuilt.Output, "photos_224"));
        Assert.Equal((1, 6), ComputedSamples(rebuilt.Output, "tensors"));
        Assert.NotEqual(firstBytes["photos_512.msgpack"], Md5sOf(datasets)["photos_512.msgpack"]);
        var rebuiltSamples = SampleMd5s(Path.Combine(datasets, "photos_512.msgpack"));
        Assert.Equal(Photos.Where(n => n != "coffee.png").Select(n => "photo/" + n).Order(), rebuiltSamples.Where(p => firstSamples[p.Key] == p.Value).Select(p => p.Key).Order());
        var threaded = Md5sOf(datasets);

        // One thread, a fresh cache, after a clean: the same bytes as the threaded build with a warm cache.
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(project)!, "clean", project));
        var single = await BuildAsync(project, "-p:DatadingsTransformParallelism=1", $"-p:DatadingsTransformCacheDir={Path.Combine(folder, "other-cache")}");
        AssertSucceeded(single);
        Assert.Equal((6, 6), ComputedSamples(single.Output, "photos_512"));
        Assert.Equal(threaded, Md5sOf(datasets));
    }

    [Fact]
    public async Task A_lock_file_records_transforms_with_their_steps_and_a_locked_build_fails_when_the_steps_change()
    {
        var folder = Sdk.NewFolder("transform-lock");
        const string lockOn = "<DatadingsUseLockFile>true</DatadingsUseLockFile>";
        string Items(int size) => $"""<DatasetTransform Include="small" Input="photos" Steps="image = image | decode | resize {size}x{size} | encode png" />""";
        var project = WritePhotoProject(folder, "photos", PhotoFiles("coffee.png", "chelsea.png"), Items(32), lockOn);

        AssertSucceeded(await BuildAsync(project));
        var lockText = File.ReadAllText(Path.Combine(Path.GetDirectoryName(project)!, "datasets.lock.json"));
        Assert.Contains("\"item\": \"DatasetTransform\"", lockText);
        Assert.Contains("resize 32x32", lockText);

        WritePhotoProject(folder, "photos", PhotoFiles("coffee.png", "chelsea.png"), Items(48), lockOn);
        var drifted = await BuildAsync(project, "-p:DatadingsLockedMode=true");
        AssertFailedWith(drifted, "DD6022");
        Assert.Contains("small", drifted.Output);
    }

    /// <summary>Key → MD5 of the sample's packed bytes.</summary>
    private static Dictionary<string, string> SampleMd5s(string path)
    {
        using var reader = new DatasetReader(path);
        return Enumerable.Range(0, reader.Count).ToDictionary(reader.GetKey, i => TestBytes.Md5(reader.GetRaw(i).ToArray()));
    }
}
