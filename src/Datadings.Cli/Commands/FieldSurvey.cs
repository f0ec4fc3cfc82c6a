using Datadings.Reading;

namespace Datadings.Cli.Commands;

/// <summary>Field names with the types seen (and how often), and the histogram of a <c>label</c> field.</summary>
internal sealed record FieldSurvey(
    IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, int>> Types)> Fields,
    IReadOnlyList<(string Label, int Count)> Labels)
{
    public const string LabelField = "label";

    public static FieldSurvey Scan(ISampleReader reader, int count, CancellationToken cancellation)
    {
        var fields = new Dictionary<string, Dictionary<string, int>>();
        var order = new List<string>();
        var labels = new Dictionary<string, int>();
        var formatter = new SampleFormatter(maxString: 40, maxItems: 4, maxDepth: 1);
        for (int i = 0; i < count; i++)
        {
            if (i % 1024 == 0) cancellation.ThrowIfCancellationRequested();
            foreach (var (name, value) in reader.Get(i))
            {
                if (!fields.TryGetValue(name, out var types))
                {
                    fields[name] = types = [];
                    order.Add(name);
                }
                string type = Formatting.TypeName(value);
                types[type] = types.GetValueOrDefault(type) + 1;
                if (name == LabelField)
                {
                    string label = formatter.Format(value);
                    labels[label] = labels.GetValueOrDefault(label) + 1;
                }
            }
        }
        return new FieldSurvey(
            order.Select(n => (n, (IReadOnlyList<KeyValuePair<string, int>>)fields[n].OrderByDescending(t => t.Value).ToList())).ToList(),
            labels.OrderBy(l => l.Key, NaturalLabelOrder.Instance).Select(l => (l.Key, l.Value)).ToList());
    }

    /// <summary>Numeric labels sort by value (2 before 10), others ordinally.</summary>
    private sealed class NaturalLabelOrder : IComparer<string>
    {
        public static readonly NaturalLabelOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            bool xNumber = long.TryParse(x, out long a), yNumber = long.TryParse(y, out long b);
            if (xNumber && yNumber) return a.CompareTo(b);
            if (xNumber != yNumber) return xNumber ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
