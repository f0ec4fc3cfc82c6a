using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Datadings.Tests.Conversions;

/// <summary>
/// Writes small source files in the real layouts (IDX, CIFAR binary archives, labelled trees) with known content.
/// Shared with the end-to-end tests (linked into Datadings.Sdk.Tests).
/// </summary>
public static class SyntheticSources
{
    /// <summary>Pixel i of image n is (n × 7 + i × 3) mod 256: every image differs and is easy to check.</summary>
    public static byte Pixel(int image, int i) => (byte)((image * 7 + i * 3) % 256);

    public static byte Label(int image) => (byte)(image % 10);

    public static byte[] IdxImages(int count, int rows = 28, int columns = 28, bool gzip = false)
    {
        var data = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(data, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), columns);
        for (int n = 0; n < count; n++)
            for (int i = 0; i < rows * columns; i++)
                data[16 + n * rows * columns + i] = Pixel(n, i);
        return gzip ? Gzip(data) : data;
    }

    public static byte[] IdxLabels(int count, bool gzip = false)
    {
        var data = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(data, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        for (int n = 0; n < count; n++) data[8 + n] = Label(n);
        return gzip ? Gzip(data) : data;
    }

    /// <summary>A CIFAR record: label byte(s), then the red, green and blue planes of 32×32.</summary>
    public static byte[] CifarBatch(int count, bool hundred, int seed)
    {
        int labels = hundred ? 2 : 1, size = labels + 3072;
        var data = new byte[count * size];
        for (int n = 0; n < count; n++)
        {
            data[n * size] = (byte)((n + seed) % (hundred ? 20 : 10));
            if (hundred) data[n * size + 1] = (byte)((n * 3 + seed) % 100);
            for (int i = 0; i < 3072; i++) data[n * size + labels + i] = (byte)((n * 11 + i * 5 + seed) % 256);
        }
        return data;
    }

    /// <summary>The RGB (interleaved) pixels of record n of <see cref="CifarBatch"/>.</summary>
    public static byte[] CifarRgb(int n, int seed)
    {
        var rgb = new byte[3072];
        for (int p = 0; p < 1024; p++)
            for (int c = 0; c < 3; c++)
                rgb[p * 3 + c] = (byte)((n * 11 + (c * 1024 + p) * 5 + seed) % 256);
        return rgb;
    }

    /// <summary>A .tar.gz whose members are written in the given order (as real CIFAR archives are: not sorted).</summary>
    public static byte[] TarGz(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in members)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>An uncompressed .tar whose members are written in the given order.</summary>
    public static byte[] Tar(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, content) in members)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return buffer.ToArray();
    }
}
