using System.Buffers.Binary;
using Datadings.Imaging;
using Datadings.Msgpack;

namespace Datadings.TorchSharp;

/// <summary>
/// The fast path of <see cref="FieldTransforms.DecodeImage"/> for the PNGs converters write (8-bit grey, RGB or RGBA,
/// not interlaced, no tRNS): the core's managed <see cref="PngDecoder"/> instead of Skia. For a 28×28 image most of
/// Skia's cost is per call (codec and bitmap objects across the native boundary), not per pixel, and the loader
/// decodes every image every epoch. The pixels are the ones Skia gives for such a PNG (no colour management either
/// way; checked against <see cref="ImageCodec"/> on real images in the tests); any other image goes through Skia.
/// </summary>
internal static class PlainPng
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// True for a PNG whose IHDR says 8-bit grey (0), RGB (2) or RGBA (6), not interlaced, with no tRNS chunk before
    /// the image data (Skia would add an alpha channel for one). Damaged files may pass: the decoder names the damage.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> png)
    {
        // Signature, then IHDR first: length 13, "IHDR", width, height, depth, colour type, compression, filter, interlace.
        if (png.Length < 33 || !png[..8].SequenceEqual(Signature) || BinaryPrimitives.ReadInt32BigEndian(png[8..]) != 13
            || !png.Slice(12, 4).SequenceEqual("IHDR"u8) || png[24] != 8 || png[25] is not (0 or 2 or 6) || png[28] != 0)
            return false;
        for (int pos = 33; pos + 8 <= png.Length;)
        {
            var type = png.Slice(pos + 4, 4);
            if (type.SequenceEqual("IDAT"u8)) return true;
            if (type.SequenceEqual("tRNS"u8)) return false;
            int length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            if (length < 0) return true;
            pos += 12 + length;
        }
        return true;
    }

    /// <summary>Float32 (C, H, W) in 0..1 (value / 255), as <see cref="ImageOps.ToFloat32Chw"/> without normalising.</summary>
    public static NdArray ToFloat32Chw(PngImage image)
    {
        int c = image.Channels, plane = image.Width * image.Height;
        var pixels = image.Pixels;
        var data = new float[(long)c * plane];
        const float Scale = (float)(1.0 / 255.0);
        if (c == 1)
            for (int i = 0; i < plane; i++) data[i] = pixels[i] * Scale;
        else
            for (int i = 0; i < plane; i++)
                for (int k = 0; k < c; k++)
                    data[k * plane + i] = pixels[i * c + k] * Scale;
        return NdArray.From(data, c, image.Height, image.Width);
    }

    /// <summary>Uint8 (H, W) for grey, (H, W, C) otherwise, as <see cref="ImageOps.ToUint8Hwc"/>.</summary>
    public static NdArray ToUint8Hwc(PngImage image) => image.Channels == 1
        ? NdArray.From(image.Pixels, image.Height, image.Width)
        : NdArray.From(image.Pixels, image.Height, image.Width, image.Channels);
}
