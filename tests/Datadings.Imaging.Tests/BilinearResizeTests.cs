using SkiaSharp;

namespace Datadings.Imaging.Tests;

/// <summary>The <c>linear</c> whole-image resize of opaque images: our integer bilinear against Skia's on real photos.</summary>
public sealed class BilinearResizeTests
{
    [Theory]
    [InlineData("chelsea.png", 224, 224)] // 451x300: shrink 2.0x / 1.3x
    [InlineData("chelsea.png", 300, 200)]
    [InlineData("coffee.png", 1000, 700)] // enlarge
    [InlineData("camera.png", 224, 160)] // grey
    [InlineData("astronaut.png", 511, 3)] // extreme aspect change
    [InlineData("camera.png", 3, 517)] // odd grey rows, enlarged one way
    [InlineData("coffee.png", 1, 1)]
    public void Matches_skias_linear_filter_within_rounding(string photo, int width, int height)
    {
        using var image = Photos.Decode(photo);
        using var ours = ImageOps.Resize(image, width, height, ResizeFilter.Linear, AspectPolicy.Stretch);
        using var skia = new SKBitmap(RasterImage.InfoFor(width, height, image.Channels));
        Assert.True(image.Bitmap.ScalePixels(skia, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)));
        using var reference = image.With(skia.Copy());
        Assert.Equal((width, height, image.Channels), (ours.Width, ours.Height, ours.Channels));
        var (a, b) = (Photos.Pixels(ours), Photos.Pixels(reference));
        var differences = a.Zip(b, (x, y) => Math.Abs(x - y)).ToArray();
        Assert.InRange(differences.Average(), 0, 0.6);
        Assert.InRange(differences.Max(), 0, 3); // 8-bit weights on both sides, rounded at different places
    }

    [Fact]
    public void The_same_size_copies_the_pixels_and_halving_averages_neighbours()
    {
        using var image = Photos.Decode("chelsea.png");
        using var same = ImageOps.Resize(image, image.Width, image.Height, ResizeFilter.Linear, AspectPolicy.Stretch);
        Assert.Equal(Photos.Pixels(image), Photos.Pixels(same));

        // 4x2 → 2x1: every output pixel centre falls midway between four source pixels: their rounded mean.
        using var tiny = image.With(Tiny([10, 20, 30, 40, 50, 60, 70, 80]), channels: 1);
        using var half = ImageOps.Resize(tiny, 2, 1, ResizeFilter.Linear, AspectPolicy.Stretch);
        Assert.Equal([(byte)((10 + 20 + 50 + 60 + 2) / 4), (byte)((30 + 40 + 70 + 80 + 2) / 4)], Photos.Pixels(half));
    }

    [Fact]
    public void Images_with_alpha_go_through_skia_which_premultiplies()
    {
        using var image = Photos.Decode("chelsea.png");
        using var rgba = ImageOps.ToRgba(image);
        Assert.False(BilinearResize.Supports(rgba));
        Assert.True(BilinearResize.Supports(image));
    }

    private static SKBitmap Tiny(byte[] grey)
    {
        var bitmap = new SKBitmap(RasterImage.InfoFor(4, 2, 1));
        grey.CopyTo(bitmap.GetPixelSpan());
        return bitmap;
    }
}
