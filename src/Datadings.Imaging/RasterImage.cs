using SkiaSharp;

namespace Datadings.Imaging;

/// <summary>What the pixels of a <see cref="RasterImage"/> mean.</summary>
public enum ImageKind
{
    /// <summary>A photograph or drawing: filters may interpolate between pixels.</summary>
    Color,

    /// <summary>A label image (segmentation mask): pixel values are class ids, so only nearest-neighbour sampling is allowed.</summary>
    Label,
}

/// <summary>
/// A decoded image in flight between transform steps: 8-bit grey (1 channel) or 8-bit RGBA, unpremultiplied, with
/// <see cref="Channels"/> saying how many channels it stands for (3 = RGB, alpha ignored and kept opaque).
/// Owns its Skia bitmap: dispose it when done.
/// </summary>
public sealed class RasterImage : IDisposable
{
    internal RasterImage(SKBitmap bitmap, int channels, ImageKind kind)
    {
        if (bitmap.ColorType != SKColorType.Gray8 && bitmap.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"unsupported pixel layout {bitmap.ColorType}", nameof(bitmap));
        Bitmap = bitmap;
        Channels = channels;
        Kind = kind;
    }

    internal SKBitmap Bitmap { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => Bitmap.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Bitmap.Height;

    /// <summary>1 (grey), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    public ImageKind Kind { get; }

    /// <summary>Bytes per stored pixel: 1 for grey, 4 for RGB and RGBA (RGB keeps an opaque alpha byte).</summary>
    internal int StoredChannels => Bitmap.ColorType == SKColorType.Gray8 ? 1 : 4;

    /// <summary>Rows of pixels, <see cref="StoredChannels"/> bytes each, <see cref="RowBytes"/> apart.</summary>
    internal ReadOnlySpan<byte> Pixels => Bitmap.GetPixelSpan();

    internal int RowBytes => Bitmap.RowBytes;

    internal RasterImage With(SKBitmap bitmap, int? channels = null) => new(bitmap, channels ?? Channels, Kind);

    /// <summary>
    /// Skia's pixel layout for an image of <paramref name="channels"/> channels: grey, or RGBA whose alpha type says
    /// whether alpha counts (an RGB image is opaque RGBA, so encoders write no alpha channel for it).
    /// </summary>
    internal static SKImageInfo InfoFor(int width, int height, int channels) =>
        new(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);

    /// <summary>Mean of each channel over all pixels (0..255), for sanity checks and tests.</summary>
    public double[] MeanColor()
    {
        var sums = new double[Channels];
        var pixels = Pixels;
        int stored = StoredChannels;
        for (int y = 0; y < Height; y++)
        {
            var row = pixels.Slice(y * RowBytes, Width * stored);
            for (int x = 0; x < Width; x++)
                for (int c = 0; c < Channels; c++)
                    sums[c] += row[x * stored + c];
        }
        return [.. sums.Select(s => s / ((double)Width * Height))];
    }

    public void Dispose() => Bitmap.Dispose();
}
