using Datadings.Msgpack;
using Datadings.Randomness;
using Datadings.Reading;

namespace Datadings.Operations;

/// <summary>
/// The samples of each part of a split (indices in ascending file order), plus assignment entries carried over
/// from an earlier assignment for keys the dataset no longer has.
/// </summary>
internal sealed record SplitParts(List<int>[] Parts, IReadOnlyList<KeyValuePair<string, string>> CarriedOver, string? Note = null)
{
    public static SplitParts Consecutive(int[] boundaries) =>
        new(Enumerable.Range(0, boundaries.Length - 1).Select(p => Enumerable.Range(boundaries[p], boundaries[p + 1] - boundaries[p]).ToList()).ToArray(), []);

    /// <summary>
    /// Stratified: the samples of each class (classes in order of first appearance, a class being one encoded value
    /// of <paramref name="field"/>) are shuffled by one CPython <c>random.Random(seed)</c>, class after class, and
    /// cut by <see cref="SplitPlan.FromFractions"/>, so every class is split with the same rounding rule.
    /// </summary>
    public static SplitParts Stratified(DatasetReader reader, IReadOnlyList<double> fractions, string field, long seed, CancellationToken cancellationToken)
    {
        var classes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var classOrder = new List<List<int>>();
        for (int i = 0; i < reader.Count; i++)
        {
            if (i % OperationContext.ReportInterval == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!TryGetField(reader, i, field, out var value))
                throw new InvalidDataException($"sample \"{reader.GetKey(i)}\" has no \"{field}\" field to stratify by");
            string identity = Convert.ToHexString(value);
            if (!classes.TryGetValue(identity, out var members))
            {
                classes.Add(identity, members = []);
                classOrder.Add(members);
            }
            members.Add(i);
        }

        var random = new PythonRandom(seed);
        var parts = fractions.Select(_ => new List<int>()).ToArray();
        foreach (var members in classOrder)
        {
            int[] shuffled = [.. members];
            random.Shuffle<int>(shuffled);
            int[] boundaries = SplitPlan.FromFractions(shuffled.Length, fractions);
            for (int p = 0; p < parts.Length; p++)
                parts[p].AddRange(shuffled[boundaries[p]..boundaries[p + 1]]);
        }
        foreach (var part in parts) part.Sort();
        return new SplitParts(parts, [], $"stratified by \"{field}\": {classOrder.Count} classes");
    }

    /// <summary>
    /// Stable: keys in <paramref name="previous"/> keep their part; every other sample gets the part of
    /// <see cref="StableAssignment"/>.
    /// </summary>
    public static SplitParts Stable(DatasetReader reader, IReadOnlyList<double> fractions, SplitOptions options,
        IReadOnlyList<string> partNames, SplitAssignment? previous, string? previousPath, CancellationToken cancellationToken)
    {
        var partByName = partNames.Select((name, index) => (name, index)).ToDictionary(x => x.name, x => x.index, StringComparer.Ordinal);
        var kept = previous?.ToDictionary() ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, part) in kept)
        {
            if (!partByName.ContainsKey(part))
                throw new InvalidDataException($"{previousPath}: the key \"{key}\" is assigned to the part \"{part}\", which is not one of the parts {string.Join(", ", partNames.Select(n => $"\"{n}\""))}");
        }

        var parts = fractions.Select(_ => new List<int>()).ToArray();
        var present = new HashSet<string>(StringComparer.Ordinal);
        int reused = 0;
        for (int i = 0; i < reader.Count; i++)
        {
            if (i % OperationContext.ReportInterval == 0) cancellationToken.ThrowIfCancellationRequested();
            string key = reader.GetKey(i);
            present.Add(key);
            int part;
            if (kept.TryGetValue(key, out string? name))
            {
                part = partByName[name];
                reused++;
            }
            else
            {
                byte[] data;
                try
                {
                    data = StableAssignment.HashedData(key, reader.GetRawSpan(i), options.StableBy!.Value, options.ContentFields);
                }
                catch (DatadingsFormatException e) when (e.FilePath is null)
                {
                    throw e.At(reader.Paths.Data, reader.OffsetOf(i));
                }
                part = StableAssignment.Part(StableAssignment.Position(data, options.Seed), fractions);
            }
            parts[part].Add(i);
        }
        var carried = previous?.Entries.Where(e => !present.Contains(e.Key)).ToList() ?? [];
        string note = $"stable split by {options.StableBy.ToString()!.ToLowerInvariant()}: {reused} samples kept their earlier part, {reader.Count - reused} assigned by hash"
            + (carried.Count > 0 ? $"; {carried.Count} assigned keys are not in the dataset and stay in the assignment" : "");
        return new SplitParts(parts, carried, note);
    }

    // Sample bytes are parsed here without the reader, so a malformed sample is located in the data file as the
    // reader would: its path and the file offset, not the offset inside the sample.
    private static bool TryGetField(DatasetReader reader, int index, string field, out ReadOnlySpan<byte> value)
    {
        try
        {
            return PackedFields.TryGetRaw(reader.GetRawSpan(index), field, out value);
        }
        catch (DatadingsFormatException e) when (e.FilePath is null)
        {
            throw e.At(reader.Paths.Data, reader.OffsetOf(index));
        }
    }
}
