using Datadings.Randomness;
using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// The <c>merge</c> command: writes the samples of several datasets into one. Keys must stay unique, so a key
/// found in two inputs is a <see cref="DuplicateKeyException"/> (checked before anything is written) unless
/// <see cref="MergeOptions.KeyPrefixes"/> tells the inputs apart.
/// </summary>
public static class MergeOperation
{
    public static OperationResult Run(IReadOnlyList<string> inputs, string output, MergeOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new MergeOptions();
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("give at least one input to merge");
        if (options.KeyPrefixes is { } prefixes && prefixes.Count != inputs.Count)
            throw new ArgumentException($"give one key prefix per input: {inputs.Count} inputs but {prefixes.Count} prefixes");
        foreach (string input in inputs) OperationContext.RequireInput(input);
        OperationContext.ValidateOutputs(inputs, [output], options.Overwrite);
        var context = new OperationContext("merge", progress, cancellationToken);

        var sources = new List<MergeSource>();
        try
        {
            for (int i = 0; i < inputs.Count; i++)
                sources.Add(new MergeSource(inputs[i], new DatasetReader(inputs[i]), options.KeyPrefixes?[i], options.ShuffleInputs));
            RequireUniqueKeys(sources, cancellationToken);

            long total = sources.Sum(s => (long)s.Reader.Count);
            using var writer = OperationContext.CreateWriter(output, options.Overwrite);
            var order = options.Strategy == MergeStrategy.Concat ? Concatenated(sources) : Interleaved(sources, options.Seed);
            long done = 0;
            foreach (var (source, index) in order)
            {
                source.CopyTo(writer, index);
                context.Advance(writer, ++done, total);
            }
            return new OperationResult([context.Complete(writer)]);
        }
        finally
        {
            foreach (var source in sources) source.Reader.Dispose();
        }
    }

    private static IEnumerable<(MergeSource, int)> Concatenated(List<MergeSource> sources) =>
        sources.SelectMany(source => source.Order.Select(index => (source, index)));

    /// <summary>
    /// The reference's <c>merge_random</c> draw for draw: each step draws <c>random.uniform(0, 1)</c> and takes the
    /// first input whose cumulative share <c>len_i / Σ len</c> exceeds it (the last one if none does). The shares
    /// use the inputs' full lengths, not what is left of them, and an input is dropped — shares recomputed — only
    /// when it is drawn after it has run out, a draw that writes nothing. Keeping all of that is what makes the
    /// output byte-identical for the same seed.
    /// </summary>
    private static IEnumerable<(MergeSource, int)> Interleaved(List<MergeSource> sources, long seed)
    {
        var random = new PythonRandom(seed);
        // An empty input has a zero share and is never drawn; the reference would divide by zero once only
        // empty inputs remain, so they are left out from the start.
        var active = sources.Where(s => s.Reader.Count > 0).ToList();
        double[] borders = CumulativeShares(active);
        var cursor = active.Select(_ => 0).ToList();
        while (active.Count > 0)
        {
            int pick = Pick(borders, random.Uniform(0, 1));
            var source = active[pick];
            if (cursor[pick] < source.Order.Length)
            {
                yield return (source, source.Order[cursor[pick]++]);
                continue;
            }
            active.RemoveAt(pick);
            cursor.RemoveAt(pick);
            borders = CumulativeShares(active);
        }
    }

    private static double[] CumulativeShares(List<MergeSource> sources)
    {
        long total = sources.Sum(s => (long)s.Reader.Count);
        var borders = new double[sources.Count];
        double running = 0;
        for (int i = 0; i < sources.Count; i++)
        {
            running += (double)sources[i].Reader.Count / total;
            borders[i] = running;
        }
        return borders;
    }

    private static int Pick(double[] borders, double draw)
    {
        for (int i = 0; i < borders.Length; i++)
            if (draw < borders[i]) return i;
        return borders.Length - 1;
    }

    private static void RequireUniqueKeys(List<MergeSource> sources, CancellationToken cancellationToken)
    {
        var owner = new Dictionary<string, MergeSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (string key in source.Reader.Keys)
            {
                string merged = source.OutputKey(key);
                if (!owner.TryAdd(merged, source))
                    throw new DuplicateKeyException(merged, owner[merged].Path, source.Path);
            }
        }
    }

    private sealed class MergeSource(string path, DatasetReader reader, string? keyPrefix, bool shuffle)
    {
        public string Path { get; } = path;
        public DatasetReader Reader { get; } = reader;

        public int[] Order { get; } = shuffle
            ? ShuffleOrder.Shuffler(reader.Count, ShuffleOrder.DefaultShufflerSeed(reader.Count))
            : Enumerable.Range(0, reader.Count).ToArray();

        public string OutputKey(string key) => keyPrefix + key;

        public void CopyTo(DatasetWriter writer, int index)
        {
            if (keyPrefix is null)
            {
                writer.WriteRaw(Reader.GetKey(index), Reader.GetRawSpan(index));
                return;
            }
            var sample = Reader.Get(index);
            sample.Key = keyPrefix + sample.Key;
            writer.Write(sample);
        }
    }
}
