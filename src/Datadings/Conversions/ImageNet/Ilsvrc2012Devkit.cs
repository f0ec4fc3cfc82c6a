using System.Globalization;
using System.Text;
using Datadings.Sources;

namespace Datadings.Conversions.ImageNet;

/// <summary>
/// What the ILSVRC2012 classification task takes from its devkit (<c>ILSVRC2012_devkit_t12.tar.gz</c>):
/// the 1000 classes (the leaf synsets of <c>data/meta.mat</c>, those with <c>num_children</c> 0), indexed in sorted-wnid
/// order as torchvision and tensorflow-datasets index them, with their <c>words</c> as class names; and the validation
/// labels of <c>data/ILSVRC2012_validation_ground_truth.txt</c> (line n: the ILSVRC2012_ID of ILSVRC2012_val_n.JPEG),
/// which meta.mat maps to wnids.
/// </summary>
internal sealed class Ilsvrc2012Devkit
{
    private Ilsvrc2012Devkit(IReadOnlyList<string> wnids, IReadOnlyList<string> words, IReadOnlyList<string> validationWnids, long trainImages)
    {
        Wnids = wnids;
        Words = words;
        ValidationWnids = validationWnids;
        TrainImages = trainImages;
        _index = wnids.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => (long)p.i, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, long> _index;

    /// <summary>The classes' wnids, sorted (ordinal): a wnid's position is its label.</summary>
    public IReadOnlyList<string> Wnids { get; }

    /// <summary>The classes' names (meta.mat <c>words</c>, e.g. "tench, Tinca tinca"), by label.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The wnid of validation image n + 1.</summary>
    public IReadOnlyList<string> ValidationWnids { get; }

    /// <summary>The sum of the classes' <c>num_train_images</c> (for progress).</summary>
    public long TrainImages { get; }

    public long? LabelOf(string wnid) => _index.TryGetValue(wnid, out var label) ? label : null;

    public static Ilsvrc2012Devkit Read(ConversionSource devkit, CancellationToken cancellationToken)
    {
        using var tree = SourceTrees.OpenAll(devkit, cancellationToken);
        var meta = Member(tree, devkit, "data/meta.mat");
        var truth = Member(tree, devkit, "data/ILSVRC2012_validation_ground_truth.txt");

        MatStruct synsets;
        try
        {
            synsets = MatFile.Read(Bytes(tree, meta)).GetValueOrDefault("synsets") as MatStruct
                ?? throw new InvalidDataException("it holds no struct array 'synsets'");
        }
        catch (InvalidDataException e)
        {
            throw new ConversionException(ConversionError.DatasetLayout, $"{meta.Path} is not the devkit's meta.mat: {e.Message}", devkit.Name, inner: e);
        }

        var byId = new Dictionary<long, string>();
        var classes = new List<(string Wnid, string Words, long Images)>();
        for (int i = 0; i < synsets.Count; i++)
        {
            try
            {
                long id = (long)Number(synsets.Field(i, "ILSVRC2012_ID"));
                string wnid = Text(synsets.Field(i, "WNID"));
                byId[id] = wnid;
                if (Number(synsets.Field(i, "num_children")) == 0)
                    classes.Add((wnid, Text(synsets.Field(i, "words")), (long)Number(synsets.Field(i, "num_train_images"))));
            }
            catch (InvalidDataException e)
            {
                throw new ConversionException(ConversionError.DatasetLayout, $"synset {i + 1}: {e.Message}", devkit.Name, $"entry '{meta.Path}'");
            }
        }
        classes.Sort((a, b) => string.CompareOrdinal(a.Wnid, b.Wnid));

        var validation = new List<string>();
        int number = 0;
        foreach (var line in Encoding.ASCII.GetString(Bytes(tree, truth)).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            number++;
            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || !byId.TryGetValue(id, out var wnid))
                throw new ConversionException(ConversionError.DatasetLayout, $"'{line}' is not an ILSVRC2012_ID of meta.mat", devkit.Name, $"{truth.Path} line {number}");
            validation.Add(wnid);
        }
        return new Ilsvrc2012Devkit([.. classes.Select(c => c.Wnid)], [.. classes.Select(c => c.Words)], validation, classes.Sum(c => c.Images));
    }

    private static SourceEntry Member(LabelledTreeSource tree, ConversionSource source, string suffix) =>
        tree.Entries.SingleOrDefault(e => e.Path == suffix || e.Path.EndsWith("/" + suffix, StringComparison.Ordinal))
        ?? throw new ConversionException(ConversionError.DatasetLayout, $"no {suffix} (expected the layout of ILSVRC2012_devkit_t12.tar.gz: ILSVRC2012_devkit_t12/{suffix})", source.Name);

    private static byte[] Bytes(LabelledTreeSource tree, SourceEntry entry)
    {
        using var stream = tree.Open(entry);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static double Number(MatValue value) =>
        value is MatNumbers { Values.Length: 1 } n ? n.Values[0] : throw new InvalidDataException($"expected a number, found {value.GetType().Name} of {string.Join('×', value.Dimensions)}");

    private static string Text(MatValue value) =>
        value is MatText t ? t.Text : throw new InvalidDataException($"expected text, found {value.GetType().Name}");
}
