namespace Datadings.Operations;

/// <summary>Turns split positions or fractions into part boundaries, rejecting what cannot be a split.</summary>
public static class SplitPlan
{
    /// <summary>Largest deviation of the fractions' sum from 1 that is still taken as 1 (floating-point input).</summary>
    public const double FractionSumTolerance = 1e-9;

    /// <summary>
    /// Boundaries <c>[0, S1, …, Sk, n]</c> for split positions <c>S1 &lt; … &lt; Sk</c>; part i is
    /// <c>[boundary[i], boundary[i+1])</c>. Each position must be at least 1 and below <paramref name="count"/>,
    /// and they must strictly increase (an equal pair would make an empty part).
    /// </summary>
    public static int[] FromPositions(int count, IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0) throw new ArgumentException("give at least one split position");
        for (int i = 0; i < positions.Count; i++)
        {
            int position = positions[i];
            if (position < 1 || position >= count)
                throw new ArgumentException($"split position {position} is out of range: positions must be at least 1 and less than the dataset's {count} samples");
            if (i > 0 && position <= positions[i - 1])
                throw new ArgumentException($"split positions must be strictly ascending, but {position} follows {positions[i - 1]}");
        }
        return [0, .. positions, count];
    }

    /// <summary>
    /// Boundaries for parts of the given fractions of <paramref name="count"/> samples. Rounding rule: part i ends at
    /// <c>floor(count · (f0 + … + fi) + 0.5)</c> (the cumulative share rounded half up), the last part at
    /// <c>count</c>. Rounding the running total, not each part, keeps the sizes summing exactly to
    /// <paramref name="count"/> and every part within one sample of its exact share.
    /// </summary>
    public static int[] FromFractions(int count, IReadOnlyList<double> fractions)
    {
        ValidateFractions(fractions);

        var boundaries = new int[fractions.Count + 1];
        double cumulative = 0;
        for (int i = 1; i < fractions.Count; i++)
        {
            cumulative += fractions[i - 1];
            int end = (int)Math.Floor(count * cumulative + 0.5);
            boundaries[i] = Math.Clamp(end, boundaries[i - 1], count);
        }
        boundaries[^1] = count;
        return boundaries;
    }

    /// <summary>Rejects fractions that cannot describe a split: fewer than two, any not in (0, 1], or a sum other than 1.</summary>
    public static void ValidateFractions(IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Count < 2) throw new ArgumentException("give at least two fractions (one per part)");
        foreach (double fraction in fractions)
        {
            if (!double.IsFinite(fraction) || fraction <= 0 || fraction > 1)
                throw new ArgumentException($"split fraction {fraction} is invalid: each fraction must be greater than 0 and at most 1");
        }
        double sum = fractions.Sum();
        if (Math.Abs(sum - 1) > FractionSumTolerance)
            throw new ArgumentException($"split fractions must sum to 1, but {string.Join(" + ", fractions)} = {sum}");
    }

    /// <summary>
    /// The reference's default output names: <c>&lt;root&gt;-i&lt;ext&gt;</c> with root and extension split at the
    /// last dot of the file name (as Python's <c>os.path.splitext</c>: leading dots belong to the root).
    /// </summary>
    public static IReadOnlyList<string> DefaultOutputs(string input, int parts)
    {
        string directory = Path.GetDirectoryName(input) ?? "";
        string name = Path.GetFileName(input);
        int dot = name.LastIndexOf('.');
        bool hasExtension = dot > 0 && name[..dot].TrimStart('.').Length > 0;
        string root = hasExtension ? name[..dot] : name;
        string extension = hasExtension ? name[dot..] : "";
        return Enumerable.Range(0, parts).Select(i => Path.Combine(directory, $"{root}-{i}{extension}")).ToList();
    }
}
