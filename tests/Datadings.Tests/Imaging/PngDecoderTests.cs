using System.Buffers.Binary;
using System.IO.Compression;
using Datadings.Imaging;

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

    // Writes rows with one filter type, computed from the definition in the PNG specification (section 9).
    private static byte[] FilteredPng(byte[] pixels, int width, int height, int channels, byte filter, byte depth = 8)
    {
        int stride = pixels.Length / height;
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(filter);
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int p = a + b - c;
                int predictor = filter switch
                {
                    1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c,
                    _ => 0,
                };
                raw.WriteByte((byte)(pixels[y * stride + x] - predictor));
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = depth;
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32([.. typeBytes, .. data]));
        png.Write(word);
    }
}
