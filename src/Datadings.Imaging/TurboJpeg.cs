using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SkiaSharp;

namespace Datadings.Imaging;

/// <summary>
/// JPEG decoding and encoding through libjpeg-turbo's TurboJPEG API (the system's <c>libturbojpeg</c>: Debian/Ubuntu
/// <c>libturbojpeg0</c>, Fedora <c>turbojpeg</c>, Homebrew <c>jpeg-turbo</c>), which uses the SIMD code paths that
/// SkiaSharp's bundled libjpeg-turbo lacks: about 4.7× faster encoding and 2× faster decoding than Skia's codec.
/// <see cref="Instance"/> is null when the library is not installed (or <c>DATADINGS_TURBOJPEG=0</c>); JPEGs then go
/// through Skia. Which one is in use is part of <see cref="Identity"/>, because their outputs differ.
/// Uses the TurboJPEG 2 functions, which libjpeg-turbo 2.0 and later (3.x too) export.
/// </summary>
internal sealed unsafe class TurboJpeg
{
    // TurboJPEG constants (turbojpeg.h).
    private const int PixelFormatRgbx = 2, PixelFormatGray = 6, PixelFormatRgba = 7;
    private const int Subsample420 = 2, SubsampleGray = 3;
    private const int ColorspaceGray = 2, ColorspaceCmyk = 3, ColorspaceYcck = 4;
    private const int FlagStopOnWarning = 8192; // a truncated or damaged file fails instead of decoding partly

    private readonly delegate* unmanaged<nint> _initDecompress, _initCompress;
    private readonly delegate* unmanaged<nint, int> _destroy;
    private readonly delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> _decompressHeader3;
    private readonly delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> _decompress2;
    private readonly delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int> _compress2;
    private readonly delegate* unmanaged<byte*, void> _free;
    private readonly delegate* unmanaged<nint, byte*> _errorString;

    private TurboJpeg(nint library)
    {
        _initDecompress = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "tjInitDecompress");
        _initCompress = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "tjInitCompress");
        _destroy = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "tjDestroy");
        _decompressHeader3 = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)NativeLibrary.GetExport(library, "tjDecompressHeader3");
        _decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)NativeLibrary.GetExport(library, "tjDecompress2");
        _compress2 = (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int>)NativeLibrary.GetExport(library, "tjCompress2");
        _free = (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(library, "tjFree");
        _errorString = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(library, "tjGetErrorStr2");
    }

    /// <summary>The loaded library, or null: not installed, too old (no TurboJPEG 2 API), or disabled by <c>DATADINGS_TURBOJPEG=0</c>.</summary>
    public static TurboJpeg? Instance { get; } = Load();

    /// <summary>
    /// Names the JPEG codec for cache keys: "turbojpeg" and a fingerprint of its output (SHA-256 of a fixed pattern
    /// encoded and decoded back at full, 1/2 and 5/8 scale), so a library build that writes other bytes gets other keys;
    /// or "skia" when TurboJPEG is not in use.
    /// </summary>
    public static string Identity { get; } = Instance is { } turbo ? "turbojpeg " + turbo.Fingerprint() : "skia";

    /// <summary><c>DATADINGS_TURBOJPEG=0</c>: every JPEG goes through Skia even where TurboJPEG is installed.</summary>
    public static bool DisabledByEnvironment => Environment.GetEnvironmentVariable("DATADINGS_TURBOJPEG") == "0";

    private static TurboJpeg? Load()
    {
        if (DisabledByEnvironment) return null;
        foreach (var name in (string[])["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll"])
        {
            if (!NativeLibrary.TryLoad(name, typeof(TurboJpeg).Assembly, null, out var library)) continue;
            try
            {
                return new TurboJpeg(library);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library); // libjpeg-turbo older than 2.0
            }
        }
        return null;
    }

    /// <summary>Width, height and colour space from the header; false if TurboJPEG cannot read the header.</summary>
    public bool TryReadHeader(ReadOnlySpan<byte> jpeg, out int width, out int height, out bool grey, out bool cmyk)
    {
        var handle = _initDecompress();
        try
        {
            int w, h, subsampling, colorspace;
            fixed (byte* data = jpeg)
            {
                bool ok = _decompressHeader3(handle, data, new CULong((nuint)jpeg.Length), &w, &h, &subsampling, &colorspace) == 0;
                (width, height, grey, cmyk) = (w, h, colorspace == ColorspaceGray, colorspace is ColorspaceCmyk or ColorspaceYcck);
                return ok && w > 0 && h > 0;
            }
        }
        finally
        {
            _destroy(handle);
        }
    }

    /// <summary>The size TurboJPEG decodes a <paramref name="width"/>×<paramref name="height"/> JPEG to at a scale of <paramref name="eighths"/>/8 (its TJSCALED: rounded up).</summary>
    public static (int Width, int Height) Scaled(int width, int height, int eighths) =>
        ((width * eighths + 7) / 8, (height * eighths + 7) / 8);

    /// <summary>Decodes into <paramref name="bitmap"/> (Gray8 for grey JPEGs, opaque RGBA8888 otherwise) of the scaled size.</summary>
    /// <exception cref="InvalidDataException">Corrupt or truncated data (libjpeg warnings count).</exception>
    public void Decode(ReadOnlySpan<byte> jpeg, SKBitmap bitmap)
    {
        var handle = _initDecompress();
        try
        {
            int format = bitmap.ColorType == SKColorType.Gray8 ? PixelFormatGray : PixelFormatRgba;
            fixed (byte* data = jpeg)
            {
                if (_decompress2(handle, data, new CULong((nuint)jpeg.Length), (byte*)bitmap.GetPixels(), bitmap.Width, bitmap.RowBytes, bitmap.Height, format, FlagStopOnWarning) != 0)
                    throw new InvalidDataException($"the JPEG image is corrupt or truncated ({Error(handle)})");
            }
        }
        finally
        {
            _destroy(handle);
        }
    }

    /// <summary>Encodes Gray8 as a greyscale JPEG and RGBA8888 as YCbCr 4:2:0 (alpha ignored), baseline, standard Huffman tables.</summary>
    public byte[] Encode(SKBitmap bitmap, int quality)
    {
        var handle = _initCompress();
        byte* output = null;
        try
        {
            bool grey = bitmap.ColorType == SKColorType.Gray8;
            CULong size = default;
            if (_compress2(handle, (byte*)bitmap.GetPixels(), bitmap.Width, bitmap.RowBytes, bitmap.Height, grey ? PixelFormatGray : PixelFormatRgbx,
                    &output, &size, grey ? SubsampleGray : Subsample420, Math.Clamp(quality, 1, 100), 0) != 0)
                throw new InvalidOperationException($"TurboJPEG could not encode a {bitmap.Width}x{bitmap.Height} image: {Error(handle)}");
            return new ReadOnlySpan<byte>(output, checked((int)size.Value)).ToArray();
        }
        finally
        {
            if (output != null) _free(output);
            _destroy(handle);
        }
    }

    private string Error(nint handle) => Marshal.PtrToStringUTF8((nint)_errorString(handle)) ?? "unknown error";

    private string Fingerprint()
    {
        using var pattern = new SKBitmap(new SKImageInfo(64, 48, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = pattern.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 251 ^ i / 192 * 5);
        var encoded = Encode(pattern, 90);
        using var full = new SKBitmap(RasterImage.InfoFor(64, 48, 3));
        using var half = new SKBitmap(RasterImage.InfoFor(32, 24, 3));
        using var fiveEighths = new SKBitmap(RasterImage.InfoFor(40, 30, 3));
        Decode(encoded, full);
        Decode(encoded, half);
        Decode(encoded, fiveEighths);
        return Convert.ToHexStringLower(SHA256.HashData([.. encoded, .. full.GetPixelSpan(), .. half.GetPixelSpan(), .. fiveEighths.GetPixelSpan()]))[..16];
    }
}
