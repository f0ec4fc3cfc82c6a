using System.Globalization;
using Datadings.Imaging;

namespace Datadings.Conversions;

/// <summary>
/// MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST; gzipped or not) → <c>{key, image: PNG, label}</c>.
/// Options: <c>Images</c> and <c>Labels</c> (source names; Labels optional), <c>KeyPrefix</c>, <c>Transpose</c>
/// (EMNIST stores images column-major). PNG encoding runs on <see cref="ConversionContext.Parallelism"/> threads;
/// files are streamed, one record at a time.
/// </summary>
public sealed class IdxConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var images = context.Source("Images");
        var labels = context.Option("Labels") is null ? null : context.Source("Labels");
        var keyPrefix = context.Option("KeyPrefix", "");
        var transpose = context.BoolOption("Transpose", false);
        var records = Records(images, labels, transpose, context);
        return OrderedParallel.Select(records, r => context.IsSampleWanted(r.Index) ? ToSample(r, keyPrefix) : new Sample(KeyOf(r, keyPrefix)),
            context.Parallelism, cancellationToken: cancellationToken);
    }

    private sealed record Record(int Index, int Width, int Digits, byte[] Pixels, long? Label);

    private static IEnumerable<Record> Records(ConversionSource images, ConversionSource? labels, bool transpose, ConversionContext context)
    {
        using var imageFile = IdxFile.Open(images.Path, images.Name);
        if (imageFile.Dimensions.Count != 3)
            throw new ConversionException(ConversionError.IdxLayout,
                $"an images file has 3 dimensions (count, rows, columns), this one has {imageFile.Dimensions.Count}", images.Name, "header");
        using var labelFile = labels is null ? null : IdxFile.Open(labels.Path, labels.Name);
        if (labelFile is not null)
        {
            if (labelFile.Dimensions.Count != 1)
                throw new ConversionException(ConversionError.IdxLayout,
                    $"a labels file has 1 dimension, this one has {labelFile.Dimensions.Count}", labels!.Name, "header");
            if (labelFile.Count != imageFile.Count)
                throw new ConversionException(ConversionError.IdxLayout,
                    $"it holds {labelFile.Count} labels but '{images.Name}' holds {imageFile.Count} images", labels!.Name, "header");
        }
        context.ExpectedSampleCount = imageFile.Count;
        int rows = imageFile.Dimensions[1], columns = imageFile.Dimensions[2];
        int digits = Math.Max(1, (imageFile.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var label = new byte[1];
        for (int i = 0; i < imageFile.Count; i++)
        {
            var pixels = new byte[imageFile.RecordSize];
            imageFile.ReadRecord(pixels);
            labelFile?.ReadRecord(label);
            if (transpose) pixels = Transposed(pixels, rows, columns);
            yield return new Record(i, transpose ? rows : columns, digits, pixels, labelFile is null ? null : label[0]);
        }
        imageFile.CheckEnd();
        labelFile?.CheckEnd();
    }

    private static Sample ToSample(Record r, string keyPrefix)
    {
        var sample = new Sample(KeyOf(r, keyPrefix))
        {
            ["image"] = PngEncoder.EncodeGray8(r.Pixels, r.Width, r.Pixels.Length / r.Width),
        };
        if (r.Label is { } label) sample["label"] = label;
        return sample;
    }

    private static string KeyOf(Record r, string keyPrefix) => keyPrefix + r.Index.ToString("D" + r.Digits, CultureInfo.InvariantCulture);

    // EMNIST's IDX files hold each image column by column; a transposed copy is row-major.
    private static byte[] Transposed(byte[] pixels, int rows, int columns)
    {
        var result = new byte[pixels.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                result[c * rows + r] = pixels[r * columns + c];
        return result;
    }
}
