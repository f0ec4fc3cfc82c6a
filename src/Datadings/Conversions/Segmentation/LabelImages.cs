using System.Buffers.Binary;
using Datadings.Imaging;

namespace Datadings.Conversions.Segmentation;

/// <summary>Reading, checking and writing the label images of the segmentation converters.</summary>
internal static class LabelImages
{
    public static LabelImage Decode(byte[] png, string source, string path)
    {
        try
        {
            return PngDecoder.DecodeLabels(png);
        }
        catch (InvalidDataException e)
        {
            throw new ConversionException(ConversionError.SegmentationLayout, $"not a label image: {e.Message}", source, $"entry '{path}'", e);
        }
    }

    /// <summary>Refuses a mask whose size differs from its image's (read from the PNG or JPEG header without decoding).</summary>
    public static void CheckSize(byte[] image, LabelImage mask, string source, string imagePath, string maskPath)
    {
        var size = ImageSize(image) ?? throw new ConversionException(ConversionError.SegmentationLayout, "not a PNG or JPEG image (no size in its header)", source, $"entry '{imagePath}'");
        if (size != (mask.Width, mask.Height))
            throw new ConversionException(ConversionError.MaskSizeMismatch,
                $"the image {imagePath} is {size.Width}×{size.Height} but its mask {maskPath} is {mask.Width}×{mask.Height}", source);
    }

    /// <summary>The mask as an 8-bit grey PNG; an id above 255 (a 16-bit mask) is <see cref="ConversionError.SegmentationLayout"/> naming the entry and pixel.</summary>
    public static byte[] EncodeGray8(LabelImage image, string source, string path)
    {
        var bytes = new byte[image.Ids.Length];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = image.Ids[i] <= byte.MaxValue ? (byte)image.Ids[i] : throw new ConversionException(ConversionError.SegmentationLayout,
                $"not an 8-bit label image: class id {image.Ids[i]} at (x {i % image.Width}, y {i / image.Width})", source, $"entry '{path}'");
        return PngEncoder.EncodeGray8(bytes, image.Width, image.Height);
    }

    /// <summary>Width and height from a PNG's IHDR or a JPEG's SOFn marker; null if neither.</summary>
    public static (int Width, int Height)? ImageSize(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 24 && data[..8].SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return (BinaryPrimitives.ReadInt32BigEndian(data[16..]), BinaryPrimitives.ReadInt32BigEndian(data[20..]));
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8) return null;
        // JPEG: walk the marker segments to the first start-of-frame (SOF0–SOF15 except DHT C4, JPG C8, DAC CC).
        for (int pos = 2; pos + 9 < data.Length;)
        {
            if (data[pos] != 0xFF) return null;
            byte marker = data[pos + 1];
            if (marker == 0xFF) { pos++; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 5)..]));
            pos += 2 + length;
        }
        return null;
    }
}
