using System.IO.Compression;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Transforms;

public sealed class FashionMnistTransformTests(SdkPackageFixture sdk) : TransformTestBase(sdk)
{
    [FashionMnistFact]
    public async Task Fashion_mnist_test_images_become_exact_arrays_and_nearest_upscales()
    {
        var folder = Sdk.NewFolder("fashion-transform");
        string[] files = ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        var sources = string.Join('\n', files.Select(f => Served(f, File.ReadAllBytes(Path.Combine(FashionMnistFactAttribute.Directory, f)))));
        var project = WriteDerivedProject(folder, "fashion", new Dictionary<string, string>(), $"""
            {sources}
            <DatasetConversion Include="test" Converter="Idx" Images="t10k-images-idx3-ubyte.gz" Labels="t10k-labels-idx1-ubyte.gz" />
            <DatasetTransform Include="test_arrays" Input="test">
              <Steps>
                x = image | decode | ndarray float32 mean=0.2860 std=0.3530
                big = image | decode label | resize 56x56 | ndarray
                drop image
              </Steps>
            </DatasetTransform>
            """);

        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Equal((10_000, 10_000), ComputedSamples(build.Output, "test_arrays"));

        using var gzip = new GZipStream(File.OpenRead(Path.Combine(FashionMnistFactAttribute.Directory, files[0])), CompressionMode.Decompress);
        using var idx = new MemoryStream();
        gzip.CopyTo(idx);
        var pixels = idx.ToArray().AsSpan(16).ToArray();
        using var reader = new DatasetReader(Path.Combine(DatasetsDir(project), "test_arrays.msgpack"));
        Assert.Equal(10_000, reader.Count);
        for (int n = 0; n < 10_000; n += 97)
        {
            var sample = reader[n];
            Assert.Equal(["key", "label", "x", "big"], sample.Keys);
            var x = Assert.IsType<NdArray>(sample["x"]);
            Assert.Equal([1L, 28L, 28L], x.Shape);
            var values = x.ToArray<float>();
            var big = Assert.IsType<NdArray>(sample["big"]);
            Assert.Equal([56L, 56L], big.Shape);
            var upscaled = big.ToArray<byte>();
            for (int i = 0; i < 784; i++)
            {
                var p = pixels[n * 784 + i];
                Assert.Equal((p / 255f - 0.2860f) / 0.3530f, values[i], 4);
                // Nearest 2× upscale: each IDX pixel becomes a 2×2 block of the same value.
                int row = i / 28, column = i % 28;
                Assert.Equal(p, upscaled[(2 * row) * 56 + 2 * column]);
                Assert.Equal(p, upscaled[(2 * row + 1) * 56 + 2 * column + 1]);
            }
        }
    }
}
