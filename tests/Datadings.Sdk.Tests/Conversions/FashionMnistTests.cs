using System.IO.Compression;
using Datadings.Reading;
using Datadings.Sdk.Tests.Support;
using Datadings.Tests.Conversions;

namespace Datadings.Sdk.Tests.Conversions;

/// <summary>Runs only where Debian's dataset-fashion-mnist package is installed (CI installs it); skipped with the reason otherwise.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] Files =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    public FashionMnistFactAttribute()
    {
        var missing = Files.Where(f => !File.Exists(Path.Combine(Directory, f))).ToList();
        if (missing.Count > 0)
            Skip = $"Fashion-MNIST is not installed ({string.Join(", ", missing)} missing in {Directory}): apt-get install dataset-fashion-mnist";
    }
}

public sealed class FashionMnistTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [FashionMnistFact]
    public async Task The_real_fashion_mnist_files_convert_to_70000_png_samples_matching_the_idx_input()
    {
        var folder = Sdk.NewFolder("fashion");
        // Debian recompressed the files, so the MD5s are computed here rather than taken from upstream.
        var sources = string.Join('\n', FashionMnistFactAttribute.Files.Select(f =>
            Served(f, File.ReadAllBytes(Path.Combine(FashionMnistFactAttribute.Directory, f)))));
        var project = WriteDataProject(folder, "fashion", $"""
            {sources}
            <DatasetConversion Include="train" Converter="Idx" Images="train-images-idx3-ubyte.gz" Labels="train-labels-idx1-ubyte.gz" />
            <DatasetConversion Include="test" Converter="Idx" Images="t10k-images-idx3-ubyte.gz" Labels="t10k-labels-idx1-ubyte.gz" />
            """);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        Assert.Contains("train: converting", build.Output); // progress lines at normal verbosity
        var datasets = DatasetsDir(project);
        AssertMatchesIdx(Path.Combine(datasets, "train.msgpack"), "train", 60_000);
        AssertMatchesIdx(Path.Combine(datasets, "test.msgpack"), "t10k", 10_000);
    }

    private static void AssertMatchesIdx(string dataset, string prefix, int count)
    {
        var pixels = Gunzip($"{prefix}-images-idx3-ubyte.gz");
        var labels = Gunzip($"{prefix}-labels-idx1-ubyte.gz");
        using var reader = new DatasetReader(dataset);
        reader.Verify();
        Assert.Equal(count, reader.Count);
        for (int n = 0; n < count; n++)
        {
            var sample = reader[n];
            Assert.Equal(n.ToString("D" + (count - 1).ToString().Length), sample.Key);
            Assert.Equal((long)labels[8 + n], sample["label"]);
            if (n % 37 != 0 && n != count - 1) continue; // decode a spread of the images; labels are checked for all
            var image = TestPngDecoder.Decode((byte[])sample["image"]!);
            Assert.Equal((28, 28, 1), (image.Width, image.Height, image.Channels));
            Assert.True(pixels.AsSpan(16 + n * 784, 784).SequenceEqual(image.Pixels), $"pixels of {prefix} image {n} differ");
        }
    }

    private static byte[] Gunzip(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(FashionMnistFactAttribute.Directory, file)), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
