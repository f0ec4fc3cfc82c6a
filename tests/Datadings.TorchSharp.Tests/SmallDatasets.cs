using Datadings.Imaging;
using Datadings.Writing;

namespace Datadings.TorchSharp.Tests;

/// <summary>Small real datasets written with the core writer: grey PNG images with integer labels.</summary>
internal static class SmallDatasets
{
    /// <summary>
    /// <paramref name="count"/> samples {key "s{i}", image: 8×8 grey PNG, label: i % 2, weight: float}. Label 1 images
    /// are bright in the top half, label 0 in the bottom half, with seeded noise: a CNN can learn it in a few steps.
    /// </summary>
    public static string Write(string folder, int count, string name = "small", Func<int, byte[]?>? imageOverride = null)
    {
        var path = Path.Combine(folder, name + ".msgpack");
        var random = new Random(42);
        using var writer = new DatasetWriter(path);
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            var pixels = new byte[64];
            for (int p = 0; p < 64; p++)
            {
                bool top = p < 32;
                pixels[p] = (byte)((top == (label == 1) ? 160 : 40) + random.Next(0, 90));
            }
            var image = imageOverride?.Invoke(i) ?? PngEncoder.EncodeGray8(pixels, 8, 8);
            writer.Write(new Sample($"s{i}") { ["image"] = image, ["label"] = (long)label, ["weight"] = i * 0.5 });
        }
        writer.Complete();
        return path;
    }
}
