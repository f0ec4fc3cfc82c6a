using System.Buffers.Binary;

namespace Datadings.Tests.Support;

/// <summary>
/// The header of a baseline JPEG (SOI, JFIF APP0, SOF0 with the size, EOI) without scan data: enough for code that
/// copies image bytes and reads only the size, as the segmentation converters do. No JPEG encoder is available to
/// the core tests.
/// </summary>
public static class TestJpeg
{
    public static byte[] Header(int width, int height)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
        var sof = new byte[] { 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 0, 0, 0, 1, 1, 0x11, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(7), (ushort)width);
        jpeg.AddRange(sof);
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }
}
