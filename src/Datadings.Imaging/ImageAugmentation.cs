using Datadings.Augments;
using Datadings.Msgpack;

namespace Datadings.Imaging;

/// <summary>
/// A seeded image augmentation of one field for <see cref="SeededAugmentation"/>: decodes the field's encoded
/// image once, applies random crops and flips drawn from the sample's <see cref="SampleRandom"/> through the same
/// <see cref="ImageOps"/> the build-time transforms use, and stores the result as an array (uint8 HWC, or float32
/// CHW normalised) ready for <see cref="Batching"/>.
/// <code>
/// var augment = new ImageAugmentation("image").RandomCrop(200, 200).RandomHorizontalFlip().ToFloat32([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
/// foreach (var batch in shuffler.Augmented(augment.Apply, seed: 1, epoch).Batches(32)) { … batch.Array("image") … }
/// </code>
/// </summary>
public sealed class ImageAugmentation(string field)
{
    private readonly List<Func<RasterImage, SampleRandom, RasterImage>> _steps = [];
    private bool _float;
    private IReadOnlyList<double> _mean = [], _std = [];

    public string Field { get; } = field;

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> crop at a uniformly random position (torchvision's RandomCrop).</summary>
    public ImageAugmentation RandomCrop(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        _steps.Add((image, random) =>
        {
            if (width > image.Width || height > image.Height)
                throw new ArgumentException($"a random crop of {width}x{height} does not fit the {image.Width}x{image.Height} image");
            return ImageOps.Crop(image, random.Next(image.Width - width + 1), random.Next(image.Height - height + 1), width, height);
        });
        return this;
    }

    /// <summary>Mirrors left–right with probability <paramref name="probability"/>.</summary>
    public ImageAugmentation RandomHorizontalFlip(double probability = 0.5)
    {
        _steps.Add((image, random) => random.NextBool(probability) ? ImageOps.Flip(image, horizontal: true) : null!);
        return this;
    }

    /// <summary>
    /// Makes every image RGB (grey replicated, alpha composited over black, as the build's <c>rgb</c> step), so
    /// that a grey or transparent photo among colour ones gives the same shape (and fits a 3-value mean/std).
    /// </summary>
    public ImageAugmentation Rgb()
    {
        _steps.Add((image, _) => image.Channels == 3 ? null! : ImageOps.ToRgb(image));
        return this;
    }

    /// <summary>Stores float32 CHW scaled to 0..1 and normalised by per-channel mean/std, instead of uint8 HWC.</summary>
    public ImageAugmentation ToFloat32(IReadOnlyList<double>? mean = null, IReadOnlyList<double>? std = null)
    {
        _float = true;
        _mean = mean ?? [];
        _std = std ?? [];
        return this;
    }

    /// <summary>The <see cref="SampleAugmentation"/>: pass it to <see cref="SeededAugmentation.Augmented(Augment, SampleAugmentation, long, long)"/>.</summary>
    public Sample Apply(Sample sample, SampleRandom random)
    {
        var encoded = sample.TryGetValue(Field, out var value) ? value switch
        {
            byte[] b => b,
            ReadOnlyMemory<byte> m => m.ToArray(),
            _ => throw new ArgumentException($"sample '{sample.Key}': the field '{Field}' holds no encoded image"),
        } : throw new ArgumentException($"sample '{sample.Key}' has no field '{Field}'");
        try
        {
            var image = ImageCodec.Decode(encoded);
            try
            {
                foreach (var step in _steps)
                {
                    var next = step(image, random);
                    if (next is null) continue; // the step drew "leave as is"
                    image.Dispose();
                    image = next;
                }
                if (_float && ((_mean.Count > 0 && _mean.Count != image.Channels) || (_std.Count > 0 && _std.Count != image.Channels)))
                    throw new ArgumentException($"the image has {image.Channels} channel(s) but mean and std have {_mean.Count} and {_std.Count} values: add .Rgb() before ToFloat32 for grey or transparent images among colour ones");
                sample[Field] = _float ? ImageOps.ToFloat32Chw(image, _mean, _std) : (NdArray)ImageOps.ToUint8Hwc(image);
                return sample;
            }
            finally
            {
                image.Dispose();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or ImageTooLargeException)
        {
            // The training loop sees only this message: name the sample and field it concerns.
            var message = $"sample '{sample.Key}', field '{Field}': {e.Message}";
            throw e is ArgumentException ? new ArgumentException(message, e) : new InvalidDataException(message, e);
        }
    }
}
