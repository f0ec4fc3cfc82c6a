using System.Collections;
using Datadings.Msgpack;
using Datadings.Reading;

namespace Datadings.Reports;

/// <summary>One field over all samples: how often each type occurred, and the range of its numbers or byte lengths.</summary>
public sealed class FieldStatistics(string name)
{
    public string Name { get; } = name;

    /// <summary>Type name (<c>int</c>, <c>float</c>, <c>str</c>, <c>bytes</c>, <c>image/png</c>, …) → samples.</summary>
    public SortedDictionary<string, long> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Min/max/mean of the numeric values (ints, floats, bools as 0/1); null when there were none.</summary>
    public RunningStats? Numbers { get; private set; }

    /// <summary>Min/max/mean length in bytes of <c>bytes</c> values, or in characters of strings.</summary>
    public RunningStats? Lengths { get; private set; }

    /// <summary>Samples whose value is an encoded image (PNG, JPEG, GIF, BMP, WebP by their magic bytes).</summary>
    public long Images { get; private set; }

    private void Add(double number) => (Numbers ??= new()).Add(number);

    internal void Add(object? value)
    {
        string type = TypeOf(value);
        Types[type] = Types.GetValueOrDefault(type) + 1;
        switch (value)
        {
            case long or int or short or sbyte or ulong or uint or ushort or byte or double or float or bool:
                (Numbers ??= new()).Add(value is bool b ? (b ? 1 : 0) : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case NpScalar scalar when NumberOf(scalar) is double d:
                Add(d);
                break;
            case byte[] bytes:
                (Lengths ??= new()).Add(bytes.Length);
                if (ImageMagic.Of(bytes) is not null) Images++;
                break;
            case string s:
                (Lengths ??= new()).Add(s.Length);
                break;
        }
    }

    private static double? NumberOf(NpScalar scalar)
    {
        try
        {
            return scalar.ToValue() switch
            {
                Half h => (double)h,
                IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
                _ => null, // complex
            };
        }
        catch (InvalidOperationException)
        {
            return null; // a dtype with no CLR number (datetime, string, structured)
        }
    }

    /// <summary>Python's type names, as <c>datadings info</c> prints them; encoded images by MIME type.</summary>
    internal static string TypeOf(object? value) => value switch
    {
        null or MsgpackNil => "None",
        bool => "bool",
        long or int or short or sbyte or ulong or uint or ushort or byte => "int",
        double or float => "float",
        string => "str",
        byte[] b => ImageMagic.Of(b) ?? "bytes",
        NdArray a => $"ndarray {a.Dtype} {string.Join('×', a.Shape)}",
        NpScalar s => $"numpy {s.Dtype}",
        IDictionary => "dict",
        IList => "list",
        _ => value.GetType().Name,
    };
}

/// <summary>Count, min, max and mean in one pass (doubles; the mean is a running sum over the count).</summary>
public sealed class RunningStats
{
    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean => Count == 0 ? double.NaN : _sum / Count;
    private double _sum;

    internal void Add(double value)
    {
        if (double.IsNaN(value)) return;
        Count++;
        _sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }
}

/// <summary>Everything a card shows, gathered in one pass over all samples.</summary>
public sealed class DatasetStatistics
{
    public required string DataPath { get; init; }
    public required int SampleCount { get; init; }
    public required long DataBytes { get; init; }
    public required long IndexBytes { get; init; }
    public required IReadOnlyList<FieldStatistics> Fields { get; init; }

    /// <summary>The label field's name, or null when no sample has one.</summary>
    public string? LabelField { get; init; }

    /// <summary>Label value (as text) → samples, over all samples; integer labels sort numerically.</summary>
    public required IReadOnlyList<(string Label, long Count)> Labels { get; init; }

    /// <summary>The first field holding encoded images, or null.</summary>
    public string? ImageField { get; init; }

    /// <summary>Label (or "" without labels) → indices of the seeded choice of samples shown as thumbnails.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<int>> ThumbnailSamples { get; init; }

    /// <summary>Reads every sample of <paramref name="reader"/> once.</summary>
    /// <param name="perClass">Thumbnails chosen per label (reservoir sampling, seeded: same dataset and seed → same choice).</param>
    public static DatasetStatistics Scan(DatasetReader reader, string labelField, int perClass, int seed, CancellationToken cancellation = default)
    {
        var fields = new Dictionary<string, FieldStatistics>(StringComparer.Ordinal);
        var order = new List<FieldStatistics>();
        var labels = new Dictionary<string, long>(StringComparer.Ordinal);
        var reservoirs = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var random = new Random(seed);
        bool anyLabel = false;
        for (int i = 0; i < reader.Count; i++)
        {
            if ((i & 1023) == 0) cancellation.ThrowIfCancellationRequested();
            var sample = reader.Get(i);
            string label = "";
            foreach (var (name, value) in sample)
            {
                if (!fields.TryGetValue(name, out var field))
                {
                    fields[name] = field = new FieldStatistics(name);
                    order.Add(field);
                }
                field.Add(value);
                if (name == labelField)
                {
                    anyLabel = true;
                    label = LabelText(value);
                }
            }
            labels[label] = labels.GetValueOrDefault(label) + 1;
            // Reservoir sampling (Algorithm R) per label: a uniform, seeded choice without a second pass.
            if (!reservoirs.TryGetValue(label, out var chosen)) reservoirs[label] = chosen = [];
            long seen = labels[label];
            if (chosen.Count < perClass) chosen.Add(i);
            else if (random.NextInt64(seen) is var j && j < perClass) chosen[(int)j] = i;
        }
        var paths = reader.Paths;
        return new DatasetStatistics
        {
            DataPath = paths.Data,
            SampleCount = reader.Count,
            DataBytes = new FileInfo(paths.Data).Length,
            IndexBytes = DatasetPaths.IndexSuffixes.Append(DatasetPaths.Md5Suffix)
                .Select(s => new FileInfo(paths.Data + s)).Where(f => f.Exists).Sum(f => f.Length),
            Fields = order,
            LabelField = anyLabel ? labelField : null,
            Labels = anyLabel ? [.. labels.OrderBy(l => l.Key, NaturalOrder.Instance).Select(l => (l.Key, l.Value))] : [],
            ImageField = order.FirstOrDefault(f => f.Images > 0)?.Name,
            ThumbnailSamples = reservoirs.ToDictionary(r => r.Key, r => (IReadOnlyList<int>)[.. r.Value.Order()]),
        };
    }

    internal static string LabelText(object? value) => value switch
    {
        null or MsgpackNil => "None",
        string s => s,
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Integer labels by value (2 before 10), then the rest ordinally.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            bool xNumber = long.TryParse(x, out long a), yNumber = long.TryParse(y, out long b);
            if (xNumber && yNumber) return a.CompareTo(b);
            if (xNumber != yNumber) return xNumber ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
