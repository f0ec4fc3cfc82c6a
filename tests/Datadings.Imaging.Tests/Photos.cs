using Datadings.Imaging;

namespace Datadings.Imaging.Tests;

/// <summary>Real photographs from Debian's python3-skimage (installed by .ci/run).</summary>
internal static class Photos
{
    public const string Folder = "/usr/lib/python3/dist-packages/skimage/data";

    public static byte[] Bytes(string name)
    {
        var path = Path.Combine(Folder, name);
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's python3-skimage");
        return File.ReadAllBytes(path);
    }

    public static RasterImage Decode(string name, ImageKind kind = ImageKind.Color) => ImageCodec.Decode(Bytes(name), kind);

    /// <summary>Every pixel's stored bytes, row by row, for exact comparisons.</summary>
    public static byte[] Pixels(RasterImage image) => ImageOps.ToUint8Hwc(image).Data.ToArray();
}
