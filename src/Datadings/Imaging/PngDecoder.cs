using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Datadings.Imaging;

/// <summary>
/// A decoded label image: <see cref="Width"/> × <see cref="Height"/> class ids, row-major. <see cref="BitDepth"/> is
/// the PNG's (8 or 16); <see cref="Palette"/> says the ids were palette indices.
/// </summary>
public sealed record LabelImage(int Width, int Height, int BitDepth, bool Palette, ushort[] Ids);

/// <summary>Decoded pixels: row-major, <see cref="Channels"/> bytes per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).</summary>
public sealed record PngImage(int Width, int Height, int Channels, byte[] Pixels);

/// <summary>
/// Decodes the PNGs that datasets hold — the converters' output and typical labelled-tree images: 8-bit greyscale,
/// grey+alpha, RGB or RGBA, not interlaced, any filter. No image library is available here, and a model project
/// reading an image dataset needs pixels. Anything else (palettes, 16-bit, interlacing) is a clear
/// <see cref="InvalidDataException"/>, never wrong pixels. <see cref="DecodeLabels"/> reads label images (class ids
/// per pixel) exactly: 8- and 16-bit grey values and palette indices, never colours.
/// </summary>
public static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Decode(ReadOnlySpan<byte> png)
    {
        var (width, height, depth, color, filtered) = Inflate(png);
        int channels = color switch { 0 => 1, 4 => 2, 2 => 3, 6 => 4, _ => 0 };
        if (depth != 8 || channels == 0)
            throw new InvalidDataException($"Unsupported PNG: bit depth {depth}, colour type {color}; only 8-bit grey, grey+alpha, RGB and RGBA without interlacing are decoded.");
        return new PngImage(width, height, channels, Unfilter(filtered, width * channels, height, channels));
    }

    /// <summary>
    /// The class id of every pixel of a label image, row-major: the grey value of an 8- or 16-bit greyscale PNG,
    /// or the palette index of an 8-bit palette PNG (the palette's colours are not looked at). No colour management,
    /// no gamma: ids come out exactly as stored. Other kinds are an <see cref="InvalidDataException"/>.
    /// </summary>
    public static LabelImage DecodeLabels(ReadOnlySpan<byte> png)
    {
        var (width, height, depth, color, filtered) = Inflate(png);
        if (!(color == 0 && depth is 8 or 16) && !(color == 3 && depth == 8))
            throw new InvalidDataException($"Not a label image: PNG bit depth {depth}, colour type {color}; label images are 8- or 16-bit greyscale or 8-bit palette PNGs.");
        int bytesPerPixel = depth / 8;
        var raw = Unfilter(filtered, width * bytesPerPixel, height, bytesPerPixel);
        var ids = new ushort[width * height];
        if (depth == 8)
            for (int i = 0; i < ids.Length; i++) ids[i] = raw[i];
        else
            for (int i = 0; i < ids.Length; i++) ids[i] = (ushort)(raw[2 * i] << 8 | raw[2 * i + 1]); // PNG samples are big-endian
        return new LabelImage(width, height, depth, color == 3, ids);
    }

    // Checks the chunks and inflates the IDAT stream into its filtered scanlines.
    private static (int Width, int Height, int Depth, int Color, byte[] Filtered) Inflate(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(Signature)) throw new InvalidDataException("Not a PNG: the signature is missing.");
        int width = 0, height = 0, depth = 0, color = -1;
        using var compressed = new MemoryStream();
        for (int pos = 8; ;)
        {
            if (pos + 12 > png.Length) throw new InvalidDataException("Truncated PNG: no IEND chunk.");
            int length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            if (length < 0 || pos + 12L + length > png.Length) throw new InvalidDataException($"Truncated PNG: a chunk at byte {pos} runs past the end.");
            var typeAndData = png.Slice(pos + 4, 4 + length);
            if (Crc32.HashToUInt32(typeAndData) != BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + length)..]))
                throw new InvalidDataException($"Damaged PNG: the CRC of the chunk at byte {pos} does not match.");
            var type = typeAndData[..4];
            var data = typeAndData[4..];
            if (type.SequenceEqual("IHDR"u8)) (width, height, depth, color) = ReadHeader(data);
            else if (type.SequenceEqual("IDAT"u8)) compressed.Write(data);
            else if (type.SequenceEqual("IEND"u8)) break;
            pos += 12 + length;
        }
        if (color < 0) throw new InvalidDataException("Invalid PNG: no IHDR chunk.");

        int samples = color switch { 0 => 1, 3 => 1, 4 => 2, 2 => 3, 6 => 4, _ => 0 };
        if (samples == 0 || depth is not (8 or 16))
            throw new InvalidDataException($"Unsupported PNG: bit depth {depth}, colour type {color}.");
        int stride = checked(width * samples * depth / 8);
        var filtered = new byte[checked((stride + 1) * height)];
        compressed.Position = 0;
        try
        {
            using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
            inflate.ReadExactly(filtered);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"Truncated PNG: the image data is shorter than {width}×{height} pixels.");
        }
        return (width, height, depth, color, filtered);
    }

    private static (int Width, int Height, int Depth, int Color) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length != 13) throw new InvalidDataException("Invalid PNG: IHDR is not 13 bytes.");
        int width = BinaryPrimitives.ReadInt32BigEndian(header), height = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        byte depth = header[8], color = header[9], interlace = header[12];
        if (width <= 0 || height <= 0) throw new InvalidDataException($"Invalid PNG: size {width}×{height}.");
        if (interlace != 0) throw new InvalidDataException("Unsupported PNG: interlaced (Adam7) images are not decoded.");
        return (width, height, depth, color);
    }

    // PNG filters predict each byte from its left (a), upper (b) and upper-left (c) neighbours of the same channel.
    private static byte[] Unfilter(byte[] filtered, int stride, int height, int bytesPerPixel)
    {
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            var source = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y == 0 ? default : pixels.AsSpan((y - 1) * stride, stride);
            for (int x = 0; x < stride; x++)
            {
                int a = x >= bytesPerPixel ? row[x - bytesPerPixel] : 0;
                int b = y > 0 ? above[x] : 0;
                int c = y > 0 && x >= bytesPerPixel ? above[x - bytesPerPixel] : 0;
                int prediction = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Invalid PNG: unknown filter type {filter} on row {y}."),
                };
                row[x] = (byte)(source[x] + prediction);
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
