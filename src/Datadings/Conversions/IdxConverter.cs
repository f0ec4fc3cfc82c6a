using System.Globalization;
using Datadings.Imaging;
using Datadings.Sources;

namespace Datadings.Conversions;

/// <summary>
/// MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST; gzipped or not) → <c>{key, image: PNG, label}</c>.
/// Options: <c>Images</c> and <c>Labels</c> (source names; Labels optional), <c>KeyPrefix</c>, <c>Transpose</c>
/// (EMNIST stores images column-major). With <c>Source</c> naming an archive or folder (EMNIST's <c>gzip.zip</c>),
/// Images and Labels are paths inside it, read in place. PNG encoding runs on
/// <see cref="ConversionContext.Parallelism"/> threads; files are streamed, one record at a time.
/// </summary>
public sealed class IdxConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var keyPrefix = context.Option("KeyPrefix", "");
        var transpose = context.BoolOption("Transpose", false);
        var records = context.Option("Source") is null
            ? Records(Open(context.Source("Images")), context.Option("Labels") is null ? null : Open(context.Source("Labels")), transpose, context)
            : ArchiveRecords(context.Source(), context.RequiredOption("Images"), context.Option("Labels"), transpose, context, cancellationToken);
        return OrderedParallel.Select(records, r => context.IsSampleWanted(r.Index) ? ToSample(r, keyPrefix) : new Sample(KeyOf(r, keyPrefix)),
            context.Parallelism, cancellationToken: cancellationToken);
    }

    private sealed record Record(int Index, int Width, int Digits, byte[] Pixels, long? Label);

    private static Func<IdxFile> Open(ConversionSource source) => () => IdxFile.Open(source.Path, source.Name);

    // Images and labels are entries of one archive (or folder): each opened as a stream, in place.
    private static IEnumerable<Record> ArchiveRecords(ConversionSource source, string images, string? labels, bool transpose,
        ConversionContext context, CancellationToken cancellationToken)
    {
        using (var tree = SourceTrees.OpenAll(source, cancellationToken))
        {
            Func<IdxFile> Entry(string path) => () =>
            {
                var entry = tree.Entries.FirstOrDefault(e => e.Path == path)
                    ?? throw new ConversionException(ConversionError.IdxLayout, $"it holds no '{path}' (its IDX entries: {string.Join(", ", tree.Entries.Select(e => e.Path).Where(p => p.Contains("-idx", StringComparison.Ordinal)))})", source.Name);
                return IdxFile.Open(tree.Open(entry), null, source.Name, path);
            };
            foreach (var record in Records(Entry(images), labels is null ? null : Entry(labels), transpose, context))
                yield return record;
        }
    }

    private static IEnumerable<Record> Records(Func<IdxFile> openImages, Func<IdxFile>? openLabels, bool transpose, ConversionContext context)
    {
        using var imageFile = openImages();
        if (imageFile.Dimensions.Count != 3)
            throw imageFile.Layout($"an images file has 3 dimensions (count, rows, columns), this one has {imageFile.Dimensions.Count}", "header");
        using var labelFile = openLabels?.Invoke();
        if (labelFile is not null)
        {
            if (labelFile.Dimensions.Count != 1)
                throw labelFile.Layout($"a labels file has 1 dimension, this one has {labelFile.Dimensions.Count}", "header");
            if (labelFile.Count != imageFile.Count)
                throw labelFile.Layout($"it holds {labelFile.Count} labels but '{imageFile.Name}' holds {imageFile.Count} images", "header");
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
