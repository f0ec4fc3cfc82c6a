using Datadings.Imaging;
using Datadings.Msgpack;
using SkiaSharp;

namespace Datadings.Transforms;

/// <summary>What a step takes and gives, checked when the script is parsed so a mistyped chain fails before any sample.</summary>
internal enum ValueKind
{
    /// <summary>Encoded bytes (a msgpack bin value): a file's content, a PNG, a JPEG.</summary>
    Bytes,

    /// <summary>A decoded <see cref="RasterImage"/>: only lives between steps, never stored.</summary>
    Image,

    /// <summary>Any stored value (bytes, numbers, strings, arrays): custom steps and the results of <c>ndarray</c>.</summary>
    Value,
}

/// <summary>One step of a field pipeline: a pure function of its input value and its options.</summary>
internal abstract class PipelineStep(StepOptions options)
{
    public StepOptions Options { get; } = options;

    public string Name => Options.Name;

    /// <summary>The step's part of its statement's cache key: its options, normalised.</summary>
    public virtual string Identity => Options.Canonical;

    public abstract ValueKind Takes { get; }

    public abstract ValueKind Gives { get; }

    /// <summary>Computes the result; may dispose an input image it no longer needs.</summary>
    public abstract object? Apply(object? value);

    protected static RasterImage Image(object? value) => value as RasterImage
        ?? throw new TransformException(TransformError.SampleDoesNotFit, "expects a decoded image");
}

/// <summary>The built-in steps by name; <see cref="Create"/> reads and checks their options.</summary>
internal static class BuiltInSteps
{
    public static readonly string[] Names = ["decode", "resize", "crop", "flip", "rotate", "grayscale", "rgb", "rgba", "encode", "ndarray"];

    public static PipelineStep? Create(StepOptions o)
    {
        PipelineStep? step = o.Name switch
        {
            "decode" => new DecodeStep(o),
            "resize" => new ResizeStep(o),
            "crop" => new CropStep(o),
            "flip" => FlipStep(o),
            "rotate" => new RotateStep(o),
            "grayscale" => new ImageStep(o, ImageOps.Grayscale),
            "rgb" => new ImageStep(o, ImageOps.ToRgb),
            "rgba" => new ImageStep(o, ImageOps.ToRgba),
            "encode" => new EncodeStep(o),
            "ndarray" => new NdArrayStep(o),
            _ => null,
        };
        step?.Options.RequireAllUsed(o.Name is "grayscale" or "rgb" or "rgba" ? 0 : 1);
        return step;
    }

    private enum FlipAxis { Horizontal, Vertical }

    private static ImageStep FlipStep(StepOptions o)
    {
        bool horizontal = o.ParseEnum<FlipAxis>(o.Positional.Count > 0 ? o.Positional[0] : "horizontal", $"the axis '{(o.Positional.Count > 0 ? o.Positional[0] : "")}'") == FlipAxis.Horizontal;
        return new ImageStep(o, image => ImageOps.Flip(image, horizontal));
    }

    internal sealed class DecodeStep : PipelineStep
    {
        private readonly ImageKind _kind;

        public bool IsLabel => _kind == ImageKind.Label;

        /// <summary>Set when a resize follows: JPEGs may then be decoded at a reduced scale that still covers it.</summary>
        public (int Width, int Height)? AtLeast { get; set; }

        private readonly long _maxPixels;

        public DecodeStep(StepOptions o) : base(o)
        {
            _kind = o.Positional.Count == 0 ? ImageKind.Color
                : o.Positional[0] == "label" ? ImageKind.Label
                : throw o.Invalid($"'{o.Positional[0]}' is not a decode mode (write 'decode' for photos or 'decode label' for label images)");
            _maxPixels = o.Int("max_pixels", (int)ImageCodec.DefaultMaxPixels, 0, int.MaxValue);
        }

        public override ValueKind Takes => ValueKind.Bytes;
        public override ValueKind Gives => ValueKind.Image;

        public override object? Apply(object? value)
        {
            var bytes = value switch
            {
                byte[] b => b,
                ReadOnlyMemory<byte> m => m.ToArray(),
                _ => throw new TransformException(TransformError.SampleDoesNotFit, $"expects the encoded image as bytes, but the field holds {Describe(value)}"),
            };
            try
            {
                return ImageCodec.Decode(bytes, _kind, AtLeast, _maxPixels);
            }
            catch (ImageTooLargeException e)
            {
                throw new TransformException(TransformError.ImageTooLarge, e.Message);
            }
            catch (InsufficientMemoryException e)
            {
                throw new TransformException(TransformError.ImageTooLarge, e.Message);
            }
            catch (InvalidDataException e)
            {
                throw new TransformException(TransformError.UndecodableImage, e.Message);
            }
        }
    }

    internal class ImageStep(StepOptions o, Func<RasterImage, RasterImage> apply) : PipelineStep(o)
    {
        public override ValueKind Takes => ValueKind.Image;
        public override ValueKind Gives => ValueKind.Image;

        public override object? Apply(object? value)
        {
            using var image = Image(value);
            try
            {
                return apply(image);
            }
            catch (ArgumentException e)
            {
                throw new TransformException(TransformError.SampleDoesNotFit, e.Message);
            }
        }
    }

    internal sealed class ResizeStep : ImageStep
    {
        public ResizeStep(StepOptions o) : this(o, Parse(o)) { }

        private ResizeStep(StepOptions o, (int W, int H, ResizeFilter? F, AspectPolicy A, SKColor Pad) p)
            : base(o, image => ImageOps.Resize(image, p.W, p.H, p.F ?? DefaultFilter(image, p.W, p.H), p.A, p.Pad)) => (Size, Filter) = ((p.W, p.H), p.F);

        /// <summary>The filter the script names, or null for the default.</summary>
        public ResizeFilter? Filter { get; }

        /// <summary>
        /// Without a filter option: nearest for label images; bilinear while shrinking at most 2× (every source
        /// pixel still contributes, and it costs a sixth of mipmapping here); mipmaps beyond, where bilinear aliases.
        /// </summary>
        private static ResizeFilter DefaultFilter(RasterImage image, int width, int height) =>
            image.Kind == ImageKind.Label ? ResizeFilter.Nearest
            : image.Width > 2 * width || image.Height > 2 * height ? ResizeFilter.Mipmap
            : ResizeFilter.Linear;

        public (int Width, int Height) Size { get; }

        private static (int, int, ResizeFilter?, AspectPolicy, SKColor) Parse(StepOptions o)
        {
            var (w, h) = o.Size(o.Positional.Count > 0 ? o.Positional[0] : throw o.Invalid("needs a size WIDTHxHEIGHT (e.g. resize 224x224)"));
            ResizeFilter? filter = o.Text("filter") is { } f ? o.ParseEnum<ResizeFilter>(f, $"option filter={f}") : null;
            var aspect = o.Enum("aspect", AspectPolicy.Stretch);
            var padText = o.Text("pad") ?? "#000000";
            if (!SKColor.TryParse(padText, out var pad)) throw o.Invalid($"option pad={padText} is not a colour (#RRGGBB)");
            return (w, h, filter, aspect, pad);
        }
    }

    private sealed class CropStep : ImageStep
    {
        public CropStep(StepOptions o) : this(o, Parse(o)) { }

        private CropStep(StepOptions o, (int W, int H, int? X, int? Y) p)
            : base(o, image => ImageOps.Crop(image, p.X ?? (image.Width - p.W) / 2, p.Y ?? (image.Height - p.H) / 2, p.W, p.H)) { }

        private static (int, int, int?, int?) Parse(StepOptions o)
        {
            var (w, h) = o.Size(o.Positional.Count > 0 ? o.Positional[0] : throw o.Invalid("needs a size WIDTHxHEIGHT (e.g. crop 200x100 x=10 y=20; without x/y the crop is centred)"));
            int? x = o.Text("x") is null ? null : o.Int("x", 0, 0, 65535);
            int? y = o.Text("y") is null ? null : o.Int("y", 0, 0, 65535);
            return (w, h, x, y);
        }
    }

    private sealed class RotateStep : ImageStep
    {
        public RotateStep(StepOptions o) : this(o, Parse(o)) { }

        private RotateStep(StepOptions o, int degrees) : base(o, image => ImageOps.Rotate(image, degrees)) { }

        private static int Parse(StepOptions o)
        {
            int degrees = o.PositionalInt(0, "the clockwise angle in degrees: 90, 180 or 270", int.MinValue + 1);
            return degrees % 90 == 0 ? degrees : throw o.Invalid($"rotates by multiples of 90 degrees, not {degrees}");
        }
    }

    internal sealed class EncodeStep : PipelineStep
    {
        private readonly ImageFormat _format;
        private readonly int _quality;
        private readonly bool _lossless;

        public EncodeStep(StepOptions o) : base(o)
        {
            _format = o.ParseEnum<ImageFormat>(o.Positional.Count > 0 ? o.Positional[0] : throw o.Invalid("needs a format: png, jpeg or webp"), $"the format '{(o.Positional.Count > 0 ? o.Positional[0] : "")}'");
            _quality = o.Int("quality", 90, 0, 100);
            _lossless = o.Bool("lossless", false);
            if (_format == ImageFormat.Png && o.Named.ContainsKey("quality")) throw o.Invalid("png is lossless: it has no quality option");
        }

        public override ValueKind Takes => ValueKind.Image;
        public override ValueKind Gives => ValueKind.Bytes;

        /// <summary>JPEG or lossy WebP: changes pixel values, so class ids of a label image.</summary>
        public bool IsLossy => _format == ImageFormat.Jpeg || (_format == ImageFormat.Webp && !_lossless);

        public string Format => _format.ToString().ToLowerInvariant();

        public override object? Apply(object? value)
        {
            using var image = Image(value);
            if (image.Kind == ImageKind.Label && IsLossy)
                throw new TransformException(TransformError.SampleDoesNotFit, $"a label image must be stored losslessly (png, or webp lossless=true): {Format} would change class ids");
            return ImageCodec.Encode(image, _format, _quality, _lossless);
        }
    }

    private sealed class NdArrayStep : PipelineStep
    {
        private readonly bool _float;
        private readonly IReadOnlyList<double> _mean, _std;

        public NdArrayStep(StepOptions o) : base(o)
        {
            var dtype = o.Positional.Count > 0 ? o.Positional[0] : "uint8";
            _float = dtype switch { "uint8" => false, "float32" => true, _ => throw o.Invalid($"'{dtype}' is not an array type: uint8 (HWC) or float32 (CHW, scaled to 0..1 and normalised)") };
            _mean = o.Doubles("mean");
            _std = o.Doubles("std");
            if (!_float && (_mean.Count > 0 || _std.Count > 0)) throw o.Invalid("mean and std apply to float32 arrays only");
        }

        public override ValueKind Takes => ValueKind.Image;
        public override ValueKind Gives => ValueKind.Value;

        public override object? Apply(object? value)
        {
            using var image = Image(value);
            try
            {
                return _float ? ImageOps.ToFloat32Chw(image, _mean, _std) : ImageOps.ToUint8Hwc(image);
            }
            catch (ArgumentException e)
            {
                throw new TransformException(TransformError.SampleDoesNotFit, e.Message);
            }
        }
    }

    public static string Describe(object? value) => value switch
    {
        null => "nil",
        string => "a string",
        long or int or ulong => "an integer",
        double or float => "a float",
        bool => "a boolean",
        byte[] b => $"bytes ({b.Length})",
        NdArray a => $"an array {a}",
        // Before IList: MsgpackMap is an OrderedDictionary, which is also an IList of its pairs.
        System.Collections.IDictionary => "a map",
        System.Collections.IList => "a list",
        _ => $"a {value.GetType().Name}",
    };
}
