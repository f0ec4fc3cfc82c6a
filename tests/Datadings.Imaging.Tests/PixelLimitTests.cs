using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Datadings.Reading;
using Datadings.Transforms;
using Datadings.Writing;

namespace Datadings.Imaging.Tests;

/// <summary>decode's bound on width × height, read from the header before any pixel memory is allocated.</summary>
public sealed class PixelLimitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-pixels-").FullName;

    /// <summary>A PNG whose header declares 60,000 × 60,000 RGB pixels (10.8 GB decoded) and whose data is a few bytes: a decompression bomb's shape.</summary>
    private static byte[] BombPng()
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, 60_000);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 60_000);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        var data = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(new byte[60_001]); // one filtered row of zeros
        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        png.Write(crc);
    }

    [Fact]
    public void A_header_declaring_more_pixels_than_the_default_is_refused_before_allocating_them()
    {
        var bomb = BombPng();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageTooLargeException>(() => ImageCodec.Decode(bomb));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the refusal allocated pixel memory");
        Assert.Equal((60_000, 60_000, ImageCodec.DefaultMaxPixels), (e.Width, e.Height, e.MaxPixels));
        Assert.Equal("the PNG image is 60000x60000 = 3,600,000,000 pixels, more than the limit of 178,956,970 (decode max_pixels=N raises it, 0 removes it)", e.Message);
    }

    [Fact]
    public void The_limit_is_a_decode_option_and_the_error_names_sample_field_step_and_dimensions()
    {
        var input = Path.Combine(_folder, "in.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("photo/coffee.png") { ["image"] = Photos.Bytes("coffee.png") }); // 600 × 400
            writer.Complete();
        }
        string Run(string decode)
        {
            var output = Path.Combine(_folder, "out.msgpack");
            using var script = TransformScript.Parse($"small = image | {decode} | resize 30x20 | encode png");
            TransformOperation.Run(input, output, script, new TransformOptions { Threads = 1, Overwrite = true });
            using var reader = new DatasetReader(output);
            return $"{reader.Count} samples";
        }

        var e = Assert.Throws<TransformException>(() => Run("decode max_pixels=239999"));
        Assert.Equal(TransformError.ImageTooLarge, e.Error);
        Assert.Equal("sample 'photo/coffee.png', field 'small', step 'decode': the PNG image is 600x400 = 240,000 pixels, more than the limit of 239,999 (decode max_pixels=N raises it, 0 removes it)", e.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "out.msgpack")));
        Assert.Equal("1 samples", Run("decode max_pixels=240000"));
        Assert.Equal("1 samples", Run("decode max_pixels=0"));
        Assert.Equal("1 samples", Run("decode"));

        var negative = Assert.Throws<TransformException>(() => TransformScript.Parse("x = image | decode max_pixels=-1 | encode png"));
        Assert.Equal(TransformError.InvalidOption, negative.Error);
    }

    [Fact]
    public void Without_a_limit_a_bomb_whose_pixels_cannot_be_allocated_is_DD5007_naming_sample_and_dimensions()
    {
        var input = Path.Combine(_folder, "bomb.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("misc/bomb.png") { ["image"] = BombPng() });
            writer.Complete();
        }
        using var script = TransformScript.Parse("thumb = image | decode max_pixels=0 | resize 16x16 | encode png");
        // Before: SkiaSharp's bare Exception "Unable to allocate pixels for the bitmap.", which the SDK reported as
        // DD3099 "...; check the permissions of bin/datasets/" with no sample named.
        var e = Assert.Throws<TransformException>(() =>
            TransformOperation.Run(input, Path.Combine(_folder, "out.msgpack"), script, new TransformOptions { Threads = 1 }));
        Assert.Equal(TransformError.ImageTooLarge, e.Error);
        Assert.StartsWith("sample 'misc/bomb.png', field 'thumb', step 'decode': the PNG image is 60000x60000 = 3,600,000,000 pixels, more than can be allocated", e.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
