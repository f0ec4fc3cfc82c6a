using System.Globalization;
using System.Text;
using Datadings.Imaging;
using Datadings.Sources;

namespace Datadings.Conversions;

/// <summary>
/// The binary CIFAR-10 / CIFAR-100 distributions (a .tar.gz of .bin batches, or the unpacked folder) →
/// <c>{key, image: 32×32 RGB PNG, label}</c>, plus <c>coarse_label</c> for CIFAR-100 (whose records start with the
/// coarse label). Options: Source, Batches (glob patterns of the batch files to read, natural order). Class names
/// from batches.meta.txt / fine_label_names.txt / coarse_label_names.txt become the output metadata
/// <c>ClassNames</c> / <c>CoarseClassNames</c>.
/// </summary>
public sealed class CifarConverter : ISampleConverter
{
    private const int Side = 32;
    private const int PixelBytes = Side * Side * 3;
    private readonly bool _hundred;

    private CifarConverter(bool hundred) => _hundred = hundred;

    public static CifarConverter Cifar10() => new(hundred: false);

    public static CifarConverter Cifar100() => new(hundred: true);

    private int LabelBytes => _hundred ? 2 : 1;

    private int RecordSize => LabelBytes + PixelBytes;

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();
        var batches = context.ListOption("Batches");
        if (batches.Count == 0) batches = [_hundred ? "**/train.bin" : "**/data_batch_*.bin"];
        return OrderedParallel.Select(Records(source, batches, context, cancellationToken), ToSample, context.Parallelism,
            cancellationToken: cancellationToken);
    }

    // Bytes is null for a sample in another machine's shard (sharded builds): only its key is needed.
    private sealed record Record(string Key, byte[]? Bytes, bool Hundred);

    private IEnumerable<Record> Records(ConversionSource source, IReadOnlyList<string> batches, ConversionContext context, CancellationToken cancellationToken)
    {
        string[] metaFiles = _hundred ? ["fine_label_names.txt", "coarse_label_names.txt"] : ["batches.meta.txt"];
        // One source for batches and names: a .tar.gz is catalogued once. Listed files are not labels: NumericLabels off.
        using var tree = LabelledTreeSource.Open(source.Path, new LabelledTreeOptions
        {
            Patterns = [.. metaFiles.Select(m => "**/" + m), .. batches],
            NumericLabels = false,
        }, cancellationToken);
        var batchEntries = tree.Entries.Where(e => !metaFiles.Contains(Path.GetFileName(e.Path))).ToList();
        if (batchEntries.Count == 0)
            throw ConversionContext.Invalid($"no batch file in '{source.Name}' matches {string.Join(", ", batches)}");
        foreach (var meta in tree.Entries.Except(batchEntries))
            context.OutputMetadata[Path.GetFileName(meta.Path) == "coarse_label_names.txt" ? "CoarseClassNames" : "ClassNames"] = ReadNames(tree, meta);

        var buffer = new byte[RecordSize];
        long sample = 0;
        foreach (var batch in batchEntries)
        {
            var name = Path.GetFileNameWithoutExtension(batch.Path);
            using var stream = tree.Open(batch);
            for (int index = 0; ; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.ReadAtLeast(buffer, RecordSize, throwOnEndOfStream: false);
                if (read == 0) break;
                if (read < RecordSize)
                    throw new ConversionException(ConversionError.CifarLayout,
                        $"the batch ends {read} bytes into record {index}; a CIFAR-{(_hundred ? 100 : 10)} record is {RecordSize} bytes "
                        + $"({LabelBytes} label byte{(LabelBytes > 1 ? "s" : "")} + 3072 pixel bytes)",
                        source.Name, $"entry '{batch.Path}'");
                yield return new Record($"{name}_{index.ToString("D5", CultureInfo.InvariantCulture)}",
                    context.IsSampleWanted(sample++) ? (byte[])buffer.Clone() : null, _hundred);
            }
        }
    }

    private static Sample ToSample(Record r)
    {
        if (r.Bytes is null) return new Sample(r.Key);
        int labels = r.Hundred ? 2 : 1;
        // CIFAR stores the red plane, then green, then blue; PNG wants R,G,B per pixel.
        var planes = r.Bytes.AsSpan(labels);
        var rgb = new byte[PixelBytes];
        const int plane = Side * Side;
        for (int p = 0; p < plane; p++)
        {
            rgb[3 * p] = planes[p];
            rgb[3 * p + 1] = planes[plane + p];
            rgb[3 * p + 2] = planes[2 * plane + p];
        }
        var sample = new Sample(r.Key) { ["image"] = PngEncoder.EncodeRgb8(rgb, Side, Side) };
        if (r.Hundred)
        {
            sample["label"] = (long)r.Bytes[1];
            sample["coarse_label"] = (long)r.Bytes[0];
        }
        else
        {
            sample["label"] = (long)r.Bytes[0];
        }
        return sample;
    }

    private static string ReadNames(LabelledTreeSource tree, SourceEntry entry)
    {
        using var reader = new StreamReader(tree.Open(entry), Encoding.UTF8);
        return string.Join(';', reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }
}
