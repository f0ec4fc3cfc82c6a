using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Datadings.Augments;
using Datadings.Imaging;
using Datadings.Msgpack;

namespace Datadings.TorchSharp.Tests;

/// <summary>
/// DecodeImage decodes plain PNGs with the core's managed decoder and everything else with Skia: both must give the
/// pixels Skia gives (Datadings.Imaging's ImageCodec + ImageOps), on real images of every PNG kind.
/// </summary>
public sealed class DecodeImageTests
{
    private const string Skimage = "/usr/lib/python3/dist-packages/skimage/data";
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    // Every PNG of python3-skimage's data: 8-bit grey, RGB (some with iCCP/sRGB/gAMA), RGBA, palette (one with
    // tRNS), 1-bit and 16-bit.
    public static TheoryData<string> SkimagePngs() => new(Directory.GetFiles(Skimage, "*.png").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(SkimagePngs))]
    public void Gives_Skias_pixels_for_every_kind_of_PNG(string name)
    {
        var png = File.ReadAllBytes(Path.Combine(Skimage, name));
        AssertSameAsSkia(png);
        var (depth, color) = (png[24], png[25]);
        Assert.Equal(depth == 8 && color is 0 or 2 or 6, PlainPng.IsPlain(png)); // none of these 8-bit ones has tRNS
    }

    [Fact]
    public void Gives_Skias_pixels_for_Fashion_MNIST_images_as_the_Idx_converter_writes_them()
    {
        using var idx = new GZipStream(File.OpenRead(FashionMnist), CompressionMode.Decompress);
        idx.ReadExactly(new byte[16]);
        var pixels = new byte[28 * 28];
        for (int i = 0; i < 200; i++)
        {
            idx.ReadExactly(pixels);
            var png = PngEncoder.EncodeGray8(pixels, 28, 28);
            Assert.True(PlainPng.IsPlain(png));
            var decoded = Decode(png, float32: false);
            Assert.Equal(pixels, decoded.AsSpan<byte>().ToArray());
            AssertSameAsSkia(png);
        }
    }

    [Fact]
    public void A_PNG_with_transparency_goes_through_Skia()
    {
        var png = WithChunk(PngEncoder.EncodeGray8([0, 50, 100, 150, 200, 250], 3, 2), "tRNS", [0, 100]); // grey 100 is transparent
        Assert.False(PlainPng.IsPlain(png));
        AssertSameAsSkia(png);
    }

    [Fact]
    public void A_damaged_plain_PNG_is_an_error_naming_the_field()
    {
        var png = PngEncoder.EncodeGray8(new byte[64], 8, 8);
        png[^20] ^= 0xFF; // inside IDAT or its CRC
        var e = Assert.Throws<FieldTransformException>(() => Decode(png, float32: true));
        Assert.Equal("image", e.Field);
        Assert.Contains("PNG", e.Message);
    }

    private static NdArray Decode(byte[] png, bool float32) =>
        (NdArray)FieldTransforms.DecodeImage("image", float32)(new Sample("k") { ["image"] = png }, new SampleRandom(0, 0, 0))["image"]!;

    private static void AssertSameAsSkia(byte[] png)
    {
        using var image = ImageCodec.Decode(png);
        var skiaBytes = ImageOps.ToUint8Hwc(image);
        var bytes = Decode(png, float32: false);
        Assert.Equal(skiaBytes.Shape, bytes.Shape);
        Assert.Equal(skiaBytes.Data.ToArray(), bytes.Data.ToArray());
        var skiaFloats = ImageOps.ToFloat32Chw(image, [], []);
        var floats = Decode(png, float32: true);
        Assert.Equal(skiaFloats.Shape, floats.Shape);
        Assert.Equal(skiaFloats.Data.ToArray(), floats.Data.ToArray());
    }

    // A chunk inserted right after IHDR (8-byte signature + 25-byte IHDR chunk), with its CRC.
    private static byte[] WithChunk(byte[] png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, 33), .. chunk, .. png.AsSpan(33)];
    }
}
