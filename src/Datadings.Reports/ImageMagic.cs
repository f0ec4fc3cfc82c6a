namespace Datadings.Reports;

/// <summary>
/// Encoded image formats recognised by their first bytes (the formats' published signatures: PNG's 8-byte
/// signature, JPEG's SOI marker FF D8 FF, "GIF8", "BM" with a BMP header, RIFF…WEBP), for cards and
/// <c>datadings cat --export</c>.
/// </summary>
public static class ImageMagic
{
    /// <summary>The MIME type of an encoded image (<c>image/png</c>, …), or null when the bytes are none of these.</summary>
    public static string? Of(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? "image/jpeg"
        : b.StartsWith("GIF8"u8) ? "image/gif"
        : b.StartsWith("BM"u8) && b.Length > 26 ? "image/bmp"
        : b.Length > 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>The file extension (with dot) for a MIME type <see cref="Of"/> returns: ".png", ".jpg", ….</summary>
    public static string Extension(string mime) => mime switch
    {
        "image/jpeg" => ".jpg",
        _ => "." + mime["image/".Length..],
    };
}
