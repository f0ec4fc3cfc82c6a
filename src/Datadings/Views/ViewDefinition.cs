using System.Globalization;
using Datadings.Msgpack;
using Datadings.Reading;

namespace Datadings.Views;

/// <summary>
/// A dataset defined over a base dataset: row r of the view is the base samples at <c>Rows[r]</c>. A row of one
/// index is that base sample unchanged; a row of several (a window) is one sample holding them all
/// (see <see cref="WindowSample"/>).
/// </summary>
public sealed record ViewDefinition(IReadOnlyList<int[]> Rows)
{
    /// <summary>One base sample per view sample.</summary>
    public static ViewDefinition FromIndices(IEnumerable<int> indices) => new(indices.Select(i => new[] { i }).ToList());

    /// <summary>The base samples with these keys, in this order; an unknown key is an error naming it.</summary>
    public static ViewDefinition FromKeys(ISampleReader baseReader, IEnumerable<string> keys) =>
        new(keys.Select(key => baseReader.TryFindIndex(key, out int index)
            ? new[] { index }
            : throw new ArgumentException($"the view lists the key \"{key}\", which the base dataset does not have")).ToList());

    /// <summary>
    /// Every window of <paramref name="size"/> consecutive samples, starting every <paramref name="stride"/>
    /// samples: <c>[0..size), [stride..stride+size), …</c>, only whole windows.
    /// </summary>
    public static ViewDefinition SlidingWindows(int count, int size, int stride = 1) =>
        SlidingWindows(Enumerable.Repeat(0, count).ToArray(), size, stride);

    /// <summary>
    /// Sliding windows that never cross a group boundary: <paramref name="groups"/> gives each base sample's group
    /// (e.g. its video), and a window only spans consecutive samples of one group. Windows restart at each group.
    /// </summary>
    public static ViewDefinition SlidingWindows<TGroup>(IReadOnlyList<TGroup> groups, int size, int stride = 1)
    {
        if (size < 1) throw new ArgumentException($"the window size must be at least 1 (got {size})");
        if (stride < 1) throw new ArgumentException($"the window stride must be at least 1 (got {stride})");
        var rows = new List<int[]>();
        var comparer = EqualityComparer<TGroup>.Default;
        int start = 0;
        while (start < groups.Count)
        {
            int end = start + 1;
            while (end < groups.Count && comparer.Equals(groups[end], groups[start])) end++;
            for (int first = start; first + size <= end; first += stride)
                rows.Add(Enumerable.Range(first, size).ToArray());
            start = end;
        }
        return new ViewDefinition(rows);
    }

    /// <summary>Each base sample's <paramref name="field"/> as its encoded bytes (as text), for grouping windows.</summary>
    public static IReadOnlyList<string> GroupsByField(ISampleReader baseReader, string field)
    {
        var groups = new string[baseReader.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            if (!PackedFields.TryGetRaw(baseReader.GetRaw(i).Span, field, out var value))
                throw new ArgumentException($"sample \"{baseReader.GetKey(i)}\" has no \"{field}\" field to group windows by");
            groups[i] = Convert.ToHexString(value);
        }
        return groups;
    }

    /// <summary>
    /// Reads an index file: one view sample per line, its base indices separated by spaces or commas (one index =
    /// the base sample itself, several = a window). Blank lines and lines starting with <c>#</c> are skipped.
    /// </summary>
    public static ViewDefinition ReadIndexFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the index file {path} does not exist", path);
        var rows = new List<int[]>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            string[] fields = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            var row = new int[fields.Length];
            for (int i = 0; i < fields.Length; i++)
            {
                if (!int.TryParse(fields[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out row[i]))
                    throw new InvalidDataException($"{path}: line {lineNumber}: \"{fields[i]}\" is not an integer index");
            }
            rows.Add(row);
        }
        return new ViewDefinition(rows);
    }

    /// <summary>Reads a keys file: one base key per line (UTF-8); empty lines are skipped.</summary>
    public static ViewDefinition ReadKeysFile(ISampleReader baseReader, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the keys file {path} does not exist", path);
        return FromKeys(baseReader, File.ReadLines(path).Where(line => line.Length > 0));
    }

    /// <summary>
    /// Checks the rows against a base of <paramref name="baseCount"/> samples: every row non-empty, every index in
    /// <c>[0, baseCount)</c>, and no row repeated (a repeat would repeat a key, and keys are unique).
    /// </summary>
    public void Validate(int baseCount)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < Rows.Count; r++)
        {
            int[] row = Rows[r];
            if (row is null || row.Length == 0) throw new ArgumentException($"view row {r} is empty; each row needs at least one base index");
            foreach (int index in row)
            {
                if ((uint)index >= (uint)baseCount)
                    throw new ArgumentException($"view row {r} refers to base index {index}, which is out of range: the base dataset has {baseCount} samples (indices 0..{baseCount - 1})");
            }
            string identity = string.Join(',', row);
            if (!seen.TryAdd(identity, r))
                throw new ArgumentException($"view rows {seen[identity]} and {r} both select base sample(s) {identity}; a view may select each row once because keys must be unique");
        }
    }
}
