using SkiaSharp;

namespace Datadings.Imaging;

/// <summary>Encoded image formats a transform can write.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
}

/// <summary>
/// Decoding and encoding: PNG, JPEG, WebP, BMP, GIF (first frame) and ICO in; PNG, JPEG and WebP out. JPEG goes
/// through libjpeg-turbo's TurboJPEG when the system has it (<see cref="TurboJpeg"/>: several times faster), else,
/// like everything else, through Skia. Decoding yields 8-bit grey for grey sources and 8-bit RGBA (unpremultiplied)
/// for everything else.
/// </summary>
public static class ImageCodec
{
    /// <summary>
    /// Which codec JPEGs go through on this machine, for build summaries: outputs of JPEG steps differ between the two,
    /// so a team whose machines disagree builds different bytes (and shares no cache entries) until they agree.
    /// </summary>
    public static string JpegCodec { get; } = TurboJpeg.Instance is not null
        ? "TurboJPEG (the system's libjpeg-turbo)"
        : TurboJpeg.DisabledByEnvironment
            ? "Skia (DATADINGS_TURBOJPEG=0)"
            : "Skia, because libturbojpeg was not found: JPEG steps run ~2x slower, and their output bytes differ from those of machines that have it (Debian/Ubuntu: apt-get install libturbojpeg0)";

    /// <summary>
    /// The most pixels (width × height, from the header) <see cref="Decode"/> accepts by default: 178,956,970, the
    /// size at which Pillow refuses an image as a decompression bomb (2 × its <c>MAX_IMAGE_PIXELS</c>). About
    /// 716 MB decoded as RGBA; a 13,377 × 13,377 photo fits, a 20,000 × 20,000 one does not.
    /// </summary>
    public const long DefaultMaxPixels = 2 * 89_478_485L;

    /// <summary>Decodes <paramref name="encoded"/>.</summary>
    /// <exception cref="ImageTooLargeException">The header declares more than <paramref name="maxPixels"/> pixels (nothing was allocated for them).</exception>
    /// <exception cref="InvalidDataException">Not an image in a supported format, or a truncated/corrupt one.</exception>
    /// <param name="maxPixels">The bound on width × height read from the header, checked before decoding; 0: none.</param>
    /// <param name="atLeast">
    /// If given, a JPEG may be decoded at a reduced scale (libjpeg's DCT scaling, as Pillow's <c>draft</c>; which
    /// scales: see the two <c>ReducedSize</c>) as long as both sides stay at least this size: the step that follows
    /// resizes anyway, and decoding fewer pixels is most of the time saved. Not used for label images.
    /// </param>
    public static RasterImage Decode(ReadOnlySpan<byte> encoded, ImageKind kind = ImageKind.Color, (int Width, int Height)? atLeast = null, long maxPixels = DefaultMaxPixels)
    {
        // JPEGs go through TurboJPEG when it is installed (CMYK ones excepted: Skia converts Adobe CMYK to RGB).
        if (TurboJpeg.Instance is { } turbo && KnownFormat(encoded) == "JPEG"
            && turbo.TryReadHeader(encoded, out int width, out int height, out bool grey, out bool cmyk) && !cmyk)
        {
            CheckPixels("JPEG", width, height, maxPixels);
            var size = kind == ImageKind.Color && atLeast is { } minimum ? ReducedSize(width, height, minimum) : (Width: width, Height: height);
            var bitmap = Allocate("JPEG", size.Width, size.Height, grey ? 1 : 3);
            try
            {
                turbo.Decode(encoded, bitmap);
                return new RasterImage(bitmap, grey ? 1 : 3, kind);
            }
            catch
            {
                bitmap.Dispose();
                throw;
            }
        }
        return DecodeWithSkia(encoded, kind, atLeast, maxPixels);
    }

    /// <summary>Decodes through Skia whatever the format (JPEG too): what <see cref="Decode"/> does without TurboJPEG.</summary>
    internal static RasterImage DecodeWithSkia(ReadOnlySpan<byte> encoded, ImageKind kind, (int Width, int Height)? atLeast, long maxPixels)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException(KnownFormat(encoded) is { } format
                ? $"it starts like a {format} image but is truncated or corrupt ({encoded.Length} bytes)"
                : $"not an image in a supported format (PNG, JPEG, WebP, BMP, GIF, ICO){DescribeMagic(encoded)}");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidDataException("the image has no pixels");
        var formatName = codec.EncodedFormat.ToString().ToUpperInvariant();
        CheckPixels(formatName, info.Width, info.Height, maxPixels);
        bool grey = info.ColorType == SKColorType.Gray8;
        int channels = grey ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        var size = kind == ImageKind.Color && atLeast is { } minimum && codec.EncodedFormat == SKEncodedImageFormat.Jpeg
            ? ReducedSize(codec, minimum) : info.Size;
        var bitmap = Allocate(formatName, size.Width, size.Height, channels);
        try
        {
            var status = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
            // IncompleteInput: a truncated file decodes partly; a dataset wants the whole image or an error.
            if (status != SKCodecResult.Success)
                throw new InvalidDataException($"the {codec.EncodedFormat} image is corrupt or truncated ({status})");
            return new RasterImage(bitmap, channels, kind);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static void CheckPixels(string format, int width, int height, long maxPixels)
    {
        if (maxPixels > 0 && (long)width * height > maxPixels)
            throw new ImageTooLargeException(format, width, height, maxPixels);
    }

    private static SKBitmap Allocate(string format, int width, int height, int channels)
    {
        var target = RasterImage.InfoFor(width, height, channels);
        var bitmap = new SKBitmap();
        // Without a limit (max_pixels=0) a header may still declare more pixels than the process can hold: a coded
        // error naming the size, not SkiaSharp's bare "Unable to allocate pixels for the bitmap." Exception.
        if (!bitmap.TryAllocPixels(target))
        {
            bitmap.Dispose();
            throw new InsufficientMemoryException(FormattableString.Invariant(
                $"the {format} image is {width}x{height} = {(long)width * height:N0} pixels, more than can be allocated ({target.BytesSize64:N0} bytes decoded)"));
        }
        return bitmap;
    }

    /// <summary>
    /// TurboJPEG: the smallest of the 1/8, 1/4 and 1/2 scales that still covers <paramref name="minimum"/> (the
    /// scales libjpeg-turbo has SIMD inverse DCTs for), else full size; but if that leaves more than a 2× shrink to
    /// the resize, whose default filter then turns to mipmaps (several times the cost of decoding), the smallest
    /// n/8 scale that covers <paramref name="minimum"/> instead (the C inverse DCT: slower than a full decode, far
    /// cheaper than mipmaps).
    /// </summary>
    private static (int Width, int Height) ReducedSize(int width, int height, (int Width, int Height) minimum)
    {
        bool Covers((int Width, int Height) size) => size.Width >= minimum.Width && size.Height >= minimum.Height;
        (int Width, int Height) chosen = (width, height);
        foreach (var eighths in (ReadOnlySpan<int>)[1, 2, 4])
            if (Covers(TurboJpeg.Scaled(width, height, eighths)))
            {
                chosen = TurboJpeg.Scaled(width, height, eighths);
                break;
            }
        if (chosen.Width <= 2 * minimum.Width && chosen.Height <= 2 * minimum.Height)
            return chosen;
        for (int eighths = 1; eighths < 8; eighths++)
            if (TurboJpeg.Scaled(width, height, eighths) is var size && Covers(size))
                return size.Width < chosen.Width ? size : chosen;
        return chosen;
    }

    /// <summary>Skia: the smallest size the codec decodes to directly that still covers <paramref name="minimum"/>.</summary>
    private static SKSizeI ReducedSize(SKCodec codec, (int Width, int Height) minimum)
    {
        foreach (var scale in (ReadOnlySpan<float>)[0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f])
        {
            var size = codec.GetScaledDimensions(scale);
            if (size.Width >= minimum.Width && size.Height >= minimum.Height && size.Width < codec.Info.Width)
                return size;
        }
        return codec.Info.Size;
    }

    /// <summary>Encodes <paramref name="image"/>; <paramref name="quality"/> (0–100) applies to JPEG and lossy WebP.</summary>
    public static byte[] Encode(RasterImage image, ImageFormat format, int quality = 90, bool lossless = false)
    {
        return format == ImageFormat.Jpeg && TurboJpeg.Instance is { } turbo
            ? turbo.Encode(image.Bitmap, quality)
            : EncodeWithSkia(image, format, quality, lossless);
    }

    /// <summary>Encodes through Skia whatever the format (JPEG too): what <see cref="Encode"/> does without TurboJPEG.</summary>
    internal static byte[] EncodeWithSkia(RasterImage image, ImageFormat format, int quality = 90, bool lossless = false)
    {
        using var pixmap = image.Bitmap.PeekPixels();
        using var data = format switch
        {
            // Default zlib level 6 with all filters: what Pillow and libpng do by default.
            ImageFormat.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)),
            ImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            ImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(lossless ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, quality)),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        } ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}x{image.Height} image as {format}");
        return data.ToArray();
    }

    /// <summary>The format whose signature <paramref name="data"/> starts with, for messages about damaged files.</summary>
    private static string? KnownFormat(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "JPEG"
        : data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? "PNG"
        : data.StartsWith("GIF8"u8) ? "GIF"
        : data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? "WebP"
        : data.StartsWith("BM"u8) ? "BMP"
        : null;

    private static string DescribeMagic(ReadOnlySpan<byte> data) =>
        data.Length < 4 ? $"; only {data.Length} bytes"
        : data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8) ? "; it looks like TIFF, which is not supported"
        : $"; it starts with {Convert.ToHexString(data[..Math.Min(8, data.Length)])}";
}

/// <summary>An image whose header declares more pixels than the decoder's bound (a decompression bomb, or a scan too large to hold).</summary>
public sealed class ImageTooLargeException(string format, int width, int height, long maxPixels)
    : Exception(FormattableString.Invariant($"the {format} image is {width}x{height} = {(long)width * height:N0} pixels, more than the limit of {maxPixels:N0} (decode max_pixels=N raises it, 0 removes it)"))
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public long MaxPixels { get; } = maxPixels;
}
