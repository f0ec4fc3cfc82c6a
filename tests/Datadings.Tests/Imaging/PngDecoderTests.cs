using Datadings.Imaging;
using Datadings.Tests.Support;

namespace Datadings.Tests.Imaging;

public class PngDecoderTests
{
    private static byte[] Pixels(int count, int seed) => Enumerable.Range(0, count).Select(i => (byte)(i * 37 + seed * 11 + i / 7)).ToArray();

    [Fact]
    public void Decodes_what_the_encoder_writes_grey_and_rgb()
    {
        var grey = Pixels(28 * 28, 1);
        var rgb = Pixels(32 * 32 * 3, 2);

        var decodedGrey = PngDecoder.Decode(PngEncoder.EncodeGray8(grey, 28, 28));
        Assert.Equal((28, 28, 1), (decodedGrey.Width, decodedGrey.Height, decodedGrey.Channels));
        Assert.Equal(grey, decodedGrey.Pixels);
        var decoded = PngDecoder.Decode(PngEncoder.EncodeRgb8(rgb, 32, 32));
        Assert.Equal((32, 32, 3), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(rgb, decoded.Pixels);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(2, 4)]
    public void Undoes_every_filter_type(int channels, byte filter)
    {
        var pixels = Pixels(5 * 4 * channels, filter);
        var png = FilteredPng(pixels, width: 5, height: 4, channels, filter);
        Assert.Equal(pixels, PngDecoder.Decode(png).Pixels);
    }

    [Fact]
    public void A_damaged_chunk_is_a_clear_error()
    {
        var png = PngEncoder.EncodeGray8(Pixels(16, 0), 4, 4);
        png[40] ^= 0xFF; // inside IDAT
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Unsupported_layouts_and_non_pngs_are_clear_errors()
    {
        var sixteenBit = FilteredPng(Pixels(8, 0), 2, 2, 1, 0, depth: 16);
        Assert.Contains("bit depth 16", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(sixteenBit)).Message);
        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode("GIF89a.."u8)).Message);
        var truncated = PngEncoder.EncodeGray8(Pixels(16, 0), 4, 4)[..30];
        Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(truncated));
    }

    private static byte[] FilteredPng(byte[] pixels, int width, int height, int channels, byte filter, byte depth = 8) =>
        TestPng.Filtered(pixels, width, height, channels * depth / 8, filter, depth, channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 });
}
