using System.Buffers.Binary;
using System.IO.Compression;

namespace Datadings.Tests.Support;

/// <summary>A PNG writer independent of the product's encoder: any filter type, bit depth and colour type, optional palette.</summary>
public static class TestPng
{
    // Writes rows with one filter type (channels = bytes per pixel), computed from the definition in the PNG specification (section 9).
    public static byte[] Filtered(byte[] pixels, int width, int height, int channels, byte filter, byte depth, byte colorType, byte[]? palette = null)
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
        header[9] = colorType;
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        if (palette is not null) Chunk(png, "PLTE", palette);
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

    /// <summary>An 8-bit palette PNG whose pixels are the given indices (palette colours are arbitrary).</summary>
    public static byte[] Palette(byte[] indices, int width, int height, byte filter = 4) =>
        Filtered(indices, width, height, 1, filter, 8, 3, Enumerable.Range(0, 256 * 3).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>A 16-bit greyscale PNG of the given values.</summary>
    public static byte[] Gray16(ushort[] values, int width, int height, byte filter = 4)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        return Filtered(bytes, width, height, 2, filter, 16, 0);
    }

    public static byte[] Gray8(byte[] values, int width, int height, byte filter = 2) => Filtered(values, width, height, 1, filter, 8, 0);
}
