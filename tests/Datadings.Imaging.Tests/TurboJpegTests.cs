using System.Buffers.Binary;
using Datadings.Transforms;

namespace Datadings.Imaging.Tests;

/// <summary>JPEG through the system's TurboJPEG (Debian libturbojpeg0, installed by .ci/run), and its Skia fallback.</summary>
public sealed class TurboJpegTests
{
    [Fact]
    public void Turbojpeg_is_loaded_and_the_transform_code_identity_names_it()
    {
        Assert.True(TurboJpeg.Instance is not null, "libturbojpeg is not loaded: apt-get install libturbojpeg0");
        Assert.Matches("; jpeg turbojpeg [0-9a-f]{16}$", TransformOperation.CodeIdentity);
    }

    [Fact]
    public void Turbojpeg_decodes_a_photo_as_skia_does_within_rounding()
    {
        var rocket = Photos.Bytes("rocket.jpg");
        using var turbo = ImageCodec.Decode(rocket);
        using var skia = ImageCodec.DecodeWithSkia(rocket, ImageKind.Color, null, ImageCodec.DefaultMaxPixels);
        Assert.Equal((skia.Width, skia.Height, skia.Channels), (turbo.Width, turbo.Height, turbo.Channels));
        var (a, b) = (Photos.Pixels(turbo), Photos.Pixels(skia));
        double mean = a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
        Assert.InRange(mean, 0, 1.0); // both are libjpeg-turbo's accurate integer IDCT; only colour upsampling differs
        Assert.All(turbo.MeanColor().Zip(skia.MeanColor()), m => Assert.Equal(m.Second, m.First, 0.5));
    }

    [Theory]
    [InlineData(640, 427, 224, 224, 400, 267)] // 1/2 is too small and full size is a 2.9x shrink: 5/8
    [InlineData(1024, 1024, 224, 224, 256, 256)] // 1/4
    [InlineData(1024, 1024, 100, 100, 128, 128)] // 1/8
    [InlineData(448, 300, 224, 224, 448, 300)] // within a 2x shrink already: full size
    [InlineData(1200, 230, 224, 224, 1200, 230)] // no scale keeps the height: full size
    public void A_reduced_decode_takes_a_simd_scale_or_the_smallest_eighth_that_keeps_the_resize_within_2x(int width, int height, int minW, int minH, int w, int h)
    {
        using var source = Photo(width, height);
        var jpeg = ImageCodec.Encode(source, ImageFormat.Jpeg);
        using var reduced = ImageCodec.Decode(jpeg, atLeast: (minW, minH));
        Assert.Equal((w, h), (reduced.Width, reduced.Height));
        using var label = ImageCodec.Decode(jpeg, ImageKind.Label, atLeast: (minW, minH));
        Assert.Equal((width, height), (label.Width, label.Height)); // label images are never scaled while decoding
    }

    [Fact]
    public void Encoded_jpegs_are_baseline_4_2_0_and_grey_stays_grey()
    {
        using var astronaut = Photos.Decode("astronaut.png");
        var colour = ImageCodec.Encode(astronaut, ImageFormat.Jpeg, 90);
        Assert.Equal([(1, 0x22), (2, 0x11), (3, 0x11)], BaselineComponents(colour));
        using var camera = Photos.Decode("camera.png");
        var grey = ImageCodec.Encode(camera, ImageFormat.Jpeg, 90);
        Assert.Equal([(1, 0x11)], BaselineComponents(grey));
        using var decoded = ImageCodec.Decode(grey);
        Assert.Equal(1, decoded.Channels);
        Assert.Equal(camera.MeanColor()[0], decoded.MeanColor()[0], 1.0);
        // About the size Skia's encoder writes for the same pixels and settings (both without optimised Huffman tables).
        Assert.InRange(colour.Length, 0.8 * ImageCodec.EncodeWithSkia(astronaut, ImageFormat.Jpeg, 90).Length, 1.2 * ImageCodec.EncodeWithSkia(astronaut, ImageFormat.Jpeg, 90).Length);
    }

    [Fact]
    public void A_jpeg_cut_anywhere_is_refused_never_decoded_partly()
    {
        var rocket = Photos.Bytes("rocket.jpg");
        foreach (var length in new[] { 3, 100, 600, rocket.Length / 3, rocket.Length / 2, rocket.Length - 10 })
        {
            var e = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(rocket.AsSpan(0, length)));
            Assert.Matches("truncated|corrupt", e.Message);
        }
    }

    [Fact]
    public void A_jpeg_header_declaring_more_pixels_than_the_limit_is_refused_before_decoding()
    {
        using var small = Photo(16, 16);
        var jpeg = ImageCodec.Encode(small, ImageFormat.Jpeg);
        int sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60_000); // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60_000); // width
        var e = Assert.Throws<ImageTooLargeException>(() => ImageCodec.Decode(jpeg));
        Assert.StartsWith("the JPEG image is 60000x60000 = 3,600,000,000 pixels, more than the limit", e.Message);
    }

    /// <summary>(component id, sampling factors) of the baseline frame header (SOF0); fails if the file has none.</summary>
    private static List<(int, int)> BaselineComponents(byte[] jpeg)
    {
        int sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        Assert.True(sof > 0, "no baseline frame header (SOF0)");
        Assert.Equal(-1, jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC2])); // not progressive
        int count = jpeg[sof + 9];
        return [.. Enumerable.Range(0, count).Select(i => ((int)jpeg[sof + 10 + 3 * i], (int)jpeg[sof + 11 + 3 * i]))];
    }

    private static RasterImage Photo(int width, int height)
    {
        using var astronaut = Photos.Decode("astronaut.png");
        return ImageOps.Resize(astronaut, width, height, ResizeFilter.Linear, AspectPolicy.Stretch);
    }
}
