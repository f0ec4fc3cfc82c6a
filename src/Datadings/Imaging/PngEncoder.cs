using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Datadings.Imaging;

/// <summary>
/// Encodes 8-bit grayscale or RGB pixels as PNG. Written here because no image library is available; it does
/// only what dataset conversion needs. The output is deterministic: no timestamps or text chunks, filter type 0
/// on every row and a fixed zlib compression level, so the same pixels always give the same bytes on any machine
/// running the same .NET zlib.
/// </summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Row-major 8-bit grayscale pixels, <paramref name="width"/> × <paramref name="height"/> bytes.</summary>
    public static byte[] EncodeGray8(ReadOnlySpan<byte> pixels, int width, int height) =>
        Encode(pixels, width, height, PngColor.Gray8);

    /// <summary>Row-major interleaved RGB pixels (R, G, B per pixel), 3 × <paramref name="width"/> × <paramref name="height"/> bytes.</summary>
    public static byte[] EncodeRgb8(ReadOnlySpan<byte> pixels, int width, int height) =>
        Encode(pixels, width, height, PngColor.Rgb8);

    /// <summary>
    /// Row-major 16-bit greyscale values (label ids above 255), <paramref name="width"/> × <paramref name="height"/>;
    /// stored big-endian as PNG requires.
    /// </summary>
    public static byte[] EncodeGray16(ReadOnlySpan<ushort> values, int width, int height)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        return Encode(bytes, width, height, PngColor.Gray16);
    }

    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, PngColor color)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int channels = color switch { PngColor.Gray8 => 1, PngColor.Gray16 => 2, _ => 3 }; // bytes per pixel
        int stride = checked(width * channels);
        if (pixels.Length != checked(stride * height))
            throw new ArgumentException($"{width}×{height} {color} needs {stride * height} bytes of pixels, got {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream(64 + pixels.Length / 2);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = color == PngColor.Gray16 ? (byte)16 : (byte)8;  // bit depth
        header[9] = color == PngColor.Rgb8 ? (byte)2 : (byte)0;     // colour type: truecolour / greyscale
        header[10] = 0;                                   // compression: deflate
        header[11] = 0;                                   // filter method 0
        header[12] = 0;                                   // no interlace
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Compress(pixels, stride, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    // Each scanline gets filter byte 0 (None): adaptive filters would compress better, but small dataset
    // images gain little and the encoder stays simple and fast.
    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height)
    {
        using var compressed = new MemoryStream(pixels.Length / 2 + 64);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            Span<byte> filter = [0];
            for (int y = 0; y < height; y++)
            {
                zlib.Write(filter);
                zlib.Write(pixels.Slice(y * stride, stride));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        // The CRC covers the chunk type and data, not the length.
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }
}

public enum PngColor
{
    /// <summary>One byte per pixel (PNG colour type 0, bit depth 8).</summary>
    Gray8,

    /// <summary>Three bytes per pixel, R G B (PNG colour type 2, bit depth 8).</summary>
    Rgb8,

    /// <summary>Two bytes per pixel, big-endian (PNG colour type 0, bit depth 16).</summary>
    Gray16,
}
