using System.Buffers.Binary;
using Datadings.Imaging;

namespace Datadings.Tests.Conversions;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(28, 28)]
    [InlineData(17, 3)]
    public void Gray_pixels_decode_back_exactly(int width, int height)
    {
        var pixels = Pixels(width * height, seed: width * 31 + height);

        var image = TestPngDecoder.Decode(PngEncoder.EncodeGray8(pixels, width, height));

        Assert.Equal((width, height, 1), (image.Width, image.Height, image.Channels));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Rgb_pixels_decode_back_exactly()
    {
        var pixels = Pixels(32 * 32 * 3, seed: 7);

        var image = TestPngDecoder.Decode(PngEncoder.EncodeRgb8(pixels, 32, 32));

        Assert.Equal((32, 32, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Output_is_deterministic_and_has_only_IHDR_IDAT_IEND()
    {
        var pixels = Pixels(28 * 28, seed: 1);
        var first = PngEncoder.EncodeGray8(pixels, 28, 28);
        var again = PngEncoder.EncodeGray8(pixels, 28, 28);

        Assert.Equal(first, again);
        Assert.Equal(["IHDR", "IDAT", "IEND"], ChunkTypes(first));
    }

    [Fact]
    public void Known_one_pixel_image_has_the_published_IHDR_and_IEND_CRCs()
    {
        var png = PngEncoder.EncodeGray8([0], 1, 1);
        // IHDR of a 1×1 8-bit greyscale image, and IEND, whose CRCs are fixed values (AE426082 is in every PNG).
        Assert.Equal(0x3A7E9B55u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8 + 8 + 13)));
        Assert.Equal(0xAE426082u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(png.Length - 4)));
    }

    [Fact]
    public void Wrong_pixel_count_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray8(new byte[10], 3, 3));
    }

    private static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (int pos = 8; pos < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            types.Add(System.Text.Encoding.ASCII.GetString(png, pos + 4, 4));
            pos += 12 + length;
        }
        return types;
    }

    internal static byte[] Pixels(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
