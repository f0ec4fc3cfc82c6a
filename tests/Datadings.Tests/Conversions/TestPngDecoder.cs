using System.Buffers.Binary;
using System.IO.Compression;

namespace Datadings.Tests.Conversions;

/// <summary>
/// A tiny PNG decoder for tests (8-bit grayscale and RGB, no interlace): checks the signature and every chunk CRC,
/// inflates IDAT and undoes all five filter types, so encoder output is checked by decoding, not by byte patterns.
/// </summary>
public static class TestPngDecoder
{
    public sealed record Image(int Width, int Height, int Channels, byte[] Pixels);

    public static Image Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("bad PNG signature");
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        int pos = 8;
        bool ended = false;
        while (!ended)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            if (crc != Crc(png.AsSpan(pos + 4, 4 + length))) throw new InvalidDataException($"bad CRC in {type}");
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[12] != 0) throw new InvalidDataException("only 8-bit, non-interlaced");
                    channels = data[9] switch { 0 => 1, 2 => 3, _ => throw new InvalidDataException("colour type") };
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": ended = true; break;
            }
            pos += 12 + length;
        }
        if (pos != png.Length) throw new InvalidDataException("bytes after IEND");
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        int stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        inflater.ReadExactly(raw);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int value = raw[y * (stride + 1) + 1 + x];
                pixels[y * stride + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + (a + b) / 2,
                    4 => value + Paeth(a, b, c),
                    _ => throw new InvalidDataException("filter type"),
                });
            }
        }
        return new Image(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    // Bitwise CRC-32, independent of the table-driven one under test.
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var d in data)
        {
            crc ^= d;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
