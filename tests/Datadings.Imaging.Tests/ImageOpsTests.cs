
namespace Datadings.Imaging.Tests;

public sealed class ImageOpsTests
{
    [Fact]
    public void Decodes_png_and_jpeg_photos_with_their_sizes_and_channels()
    {
        using var astronaut = Photos.Decode("astronaut.png");
        Assert.Equal((512, 512, 3), (astronaut.Width, astronaut.Height, astronaut.Channels));
        using var rocket = Photos.Decode("rocket.jpg");
        Assert.Equal((640, 427, 3), (rocket.Width, rocket.Height, rocket.Channels));
        using var camera = Photos.Decode("camera.png");
        Assert.Equal((512, 512, 1), (camera.Width, camera.Height, camera.Channels));
    }

    [Fact]
    public void A_jpeg_can_be_decoded_at_a_reduced_scale_that_still_covers_the_target()
    {
        using var reduced = ImageCodec.Decode(Photos.Bytes("rocket.jpg"), atLeast: (224, 224)); // 640x427
        Assert.InRange(reduced.Width, 224, 639);
        Assert.InRange(reduced.Height, 224, 426);
        Assert.Equal(640.0 / 427, (double)reduced.Width / reduced.Height, 1);
        using var png = ImageCodec.Decode(Photos.Bytes("coffee.png"), atLeast: (10, 10));
        Assert.Equal((600, 400), (png.Width, png.Height)); // only JPEG scales while decoding
    }

    [Fact]
    public void Truncated_and_unsupported_files_are_refused()
    {
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Photos.Decode("truncated.jpg")).Message);
        Assert.Contains("TIFF", Assert.Throws<InvalidDataException>(() => Photos.Decode("multipage_rgb.tif")).Message);
    }

    [Fact]
    public void Aspect_policies_stretch_fit_with_padding_and_fill_with_centre_crop()
    {
        using var rocket = Photos.Decode("rocket.jpg"); // 640x427, wider than tall
        using var stretch = ImageOps.Resize(rocket, 100, 100, ResizeFilter.Mipmap, AspectPolicy.Stretch);
        using var fit = ImageOps.Resize(rocket, 100, 100, ResizeFilter.Mipmap, AspectPolicy.Fit);
        using var fill = ImageOps.Resize(rocket, 100, 100, ResizeFilter.Mipmap, AspectPolicy.Fill);
        foreach (var image in new[] { stretch, fit, fill }) Assert.Equal((100, 100), (image.Width, image.Height));
        var fitPixels = Photos.Pixels(fit);
        // Fit: 427/640 × 100 ≈ 67 rows of picture, ~16 black rows above and below.
        Assert.All(fitPixels.AsSpan(0, 100 * 3 * 15).ToArray(), b => Assert.Equal(0, b));
        Assert.All(fitPixels.AsSpan(100 * 3 * 85).ToArray(), b => Assert.Equal(0, b));
        Assert.Contains(fitPixels.AsSpan(100 * 3 * 50, 300).ToArray(), b => b != 0);
        // Fill equals a centre crop of the largest square, then a resize.
        using var square = ImageOps.CenterCrop(rocket, 427, 427);
        using var expected = ImageOps.Resize(square, 100, 100, ResizeFilter.Nearest, AspectPolicy.Stretch);
        using var fillNearest = ImageOps.Resize(rocket, 100, 100, ResizeFilter.Nearest, AspectPolicy.Fill);
        var difference = Photos.Pixels(expected).Zip(Photos.Pixels(fillNearest), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 12, $"fill differs from centre crop + resize by {difference} on average");
    }

    [Fact]
    public void Flips_and_rotations_are_exact_and_invert()
    {
        using var coffee = Photos.Decode("coffee.png"); // 600x400
        using var flipped = ImageOps.Flip(coffee, horizontal: true);
        using var back = ImageOps.Flip(flipped, horizontal: true);
        Assert.Equal(Photos.Pixels(coffee), Photos.Pixels(back));
        var original = Photos.Pixels(coffee);
        var mirrored = Photos.Pixels(flipped);
        Assert.Equal(original.AsSpan(0, 3).ToArray(), mirrored.AsSpan((600 - 1) * 3, 3).ToArray());

        using var r90 = ImageOps.Rotate(coffee, 90);
        Assert.Equal((400, 600), (r90.Width, r90.Height));
        // Clockwise: the top-left pixel goes to the top-right corner.
        Assert.Equal(original.AsSpan(0, 3).ToArray(), Photos.Pixels(r90).AsSpan((400 - 1) * 3, 3).ToArray());
        using var r180 = ImageOps.Rotate(r90, 90);
        using var r270 = ImageOps.Rotate(r180, 90);
        using var r360 = ImageOps.Rotate(r270, 90);
        Assert.Equal(original, Photos.Pixels(r360));
    }

    [Fact]
    public void Grayscale_uses_rec601_luma_and_arrays_have_numpy_shapes()
    {
        using var chelsea = Photos.Decode("chelsea.png");
        using var gray = ImageOps.Grayscale(chelsea);
        var rgb = Photos.Pixels(chelsea);
        var l = Photos.Pixels(gray);
        for (int i = 0; i < 1000; i += 37)
            Assert.Equal((rgb[3 * i] * 299 + rgb[3 * i + 1] * 587 + rgb[3 * i + 2] * 114 + 500) / 1000, l[i]);
        Assert.Equal([300L, 451L], ImageOps.ToUint8Hwc(gray).Shape);
        Assert.Equal([300L, 451L, 3L], ImageOps.ToUint8Hwc(chelsea).Shape);
        var chw = ImageOps.ToFloat32Chw(chelsea, [0.5, 0.5, 0.5], [0.25, 0.25, 0.25]);
        Assert.Equal([3L, 300L, 451L], chw.Shape);
        Assert.Equal((rgb[0] / 255f - 0.5f) / 0.25f, chw.ToArray<float>()[0], 5);
        Assert.Equal((rgb[1] / 255f - 0.5f) / 0.25f, chw.ToArray<float>()[300 * 451], 5);
    }

    [Fact]
    public void Label_images_keep_their_class_ids_and_refuse_interpolation()
    {
        // A real mask: the skimage horse silhouette (two values) as a label image.
        using var horse = Photos.Decode("horse.png", ImageKind.Label);
        var values = Photos.Pixels(horse).ToHashSet();
        using var small = ImageOps.Resize(horse, 97, 61, ResizeFilter.Nearest, AspectPolicy.Stretch);
        Assert.Subset(values, Photos.Pixels(small).ToHashSet());
        Assert.Throws<ArgumentException>(() => ImageOps.Resize(horse, 97, 61, ResizeFilter.Mipmap, AspectPolicy.Stretch));
    }

    [Fact]
    public void Encoding_is_deterministic_and_round_trips()
    {
        using var astronaut = Photos.Decode("astronaut.png");
        using var small = ImageOps.Resize(astronaut, 64, 64, ResizeFilter.Mipmap, AspectPolicy.Stretch);
        var png = ImageCodec.Encode(small, ImageFormat.Png);
        Assert.Equal(png, ImageCodec.Encode(small, ImageFormat.Png));
        using var decoded = ImageCodec.Decode(png);
        Assert.Equal(Photos.Pixels(small), Photos.Pixels(decoded));
        var results = new byte[8][];
        Parallel.For(0, 8, i => results[i] = ImageCodec.Encode(small, ImageFormat.Jpeg, 85));
        Assert.All(results, r => Assert.Equal(results[0], r));
        using var webp = ImageCodec.Decode(ImageCodec.Encode(small, ImageFormat.Webp, lossless: true));
        using var webpRgb = ImageOps.ToRgb(webp); // WebP always carries an alpha channel
        Assert.Equal(Photos.Pixels(small), Photos.Pixels(webpRgb));
    }

    [Fact]
    public void Out_of_bounds_crop_is_refused()
    {
        using var coins = Photos.Decode("coins.png");
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => ImageOps.Crop(coins, 300, 0, 100, 100)).Message);
    }
}
