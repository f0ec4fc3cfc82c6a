using System.Security.Cryptography;
using System.Text;
using Datadings.Conversions;
using Datadings.Imaging;
using Datadings.Msgpack;
using Datadings.Operations;
using Datadings.Reading;
using Datadings.Writing;
using SkiaSharp;

namespace Datadings.Transforms;

/// <summary>Options of <see cref="TransformOperation"/>.</summary>
public sealed record TransformOptions
{
    /// <summary>Threads computing samples; 1 computes on the calling thread. Output bytes do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The per-sample cache, or null to compute every field.</summary>
    public TransformCache? Cache { get; init; }

    /// <summary>Replace an existing output.</summary>
    public bool Overwrite { get; init; }
}

/// <summary>What a transform computed and what it took from the cache.</summary>
public sealed record TransformCounts(int Samples, int SamplesComputed, long FieldsComputed, long FieldsReused);

/// <summary>
/// Applies a <see cref="TransformScript"/> to every sample of a dataset, writing a new dataset in the same order.
/// Each computed field is looked up in the cache by a key made of the code identity, the step chain with its
/// options, and the msgpack bytes of the field it reads; only misses are computed. Samples are computed on
/// <see cref="TransformOptions.Threads"/> threads and written in input order, so the output is the same bytes
/// whatever the thread count and whatever came from the cache.
/// </summary>
public static class TransformOperation
{
    /// <summary>
    /// What the computed values depend on besides steps and inputs: this assembly's build, Skia's native version and
    /// the JPEG codec (TurboJPEG with a fingerprint of its output, or Skia). A new build of any recomputes (the old
    /// entries age out by pruning); machines with different JPEG codecs never share cache entries.
    /// </summary>
    public static string CodeIdentity { get; } =
        $"datadings-transform 1; imaging {typeof(TransformOperation).Assembly.ManifestModule.ModuleVersionId}; core {typeof(Sample).Assembly.ManifestModule.ModuleVersionId}; skia {SkiaSharpVersion.Native}; jpeg {TurboJpeg.Identity}";

    // Cache commits: often enough that a killed build keeps most of its work, rarely enough to cost nothing.
    private const int CommitEvery = 512;
    private const long CommitBytes = 64L << 20;
    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(2);

    /// <exception cref="TransformException">A sample does not fit the script (message names sample, field and step) or the cache fails.</exception>
    public static (OperationResult Result, TransformCounts Counts) Run(string input, string output, TransformScript script, TransformOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new TransformOptions();
        if (!File.Exists(input)) throw new FileNotFoundException($"{input} does not exist", input);
        if (Path.GetFullPath(input) == Path.GetFullPath(output)) throw new ArgumentException($"the output {output} is also the input; write to a different file");
        var prefix = Encoding.UTF8.GetBytes(CodeIdentity + "\n");
        var fields = script.Statements.OfType<FieldStatement>().ToDictionary(s => s, s => Encoding.UTF8.GetBytes(s.Identity + "\n"));

        using var reader = new DatasetReader(input);
        using var writer = new DatasetWriter(output, new DatasetWriterOptions { Overwrite = options.Overwrite });
        var added = new List<(byte[], byte[])>();
        var used = new List<byte[]>();
        long pendingBytes = 0, fieldsComputed = 0, fieldsReused = 0;
        int samplesComputed = 0, done = 0;
        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();

        var results = OrderedParallel.Select(Enumerable.Range(0, reader.Count).Select(reader.GetRaw),
            raw => Transform(raw, script, fields, prefix, options.Cache), Math.Max(1, options.Threads), cancellationToken: cancellationToken);
        foreach (var result in results)
        {
            writer.Write(result.Sample);
            if (result.Added.Count > 0) samplesComputed++;
            fieldsComputed += result.Added.Count;
            fieldsReused += result.Used.Count;
            if (options.Cache is not null)
            {
                added.AddRange(result.Added);
                used.AddRange(result.Used);
                pendingBytes += result.Added.Sum(a => (long)a.Value.Length);
                if (added.Count + used.Count >= CommitEvery || pendingBytes >= CommitBytes || sinceCommit.Elapsed >= CommitInterval)
                {
                    sinceCommit.Restart();
                    options.Cache.Commit(added, used);
                    added.Clear();
                    used.Clear();
                    pendingBytes = 0;
                }
            }
            if (++done % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new OperationProgress("transform", writer.Paths.Data, done, reader.Count));
            }
        }
        options.Cache?.Commit(added, used);
        cancellationToken.ThrowIfCancellationRequested();
        writer.Complete();
        progress?.Report(new OperationProgress("transform", writer.Paths.Data, writer.Count, writer.Count));
        var counts = new TransformCounts(writer.Count, samplesComputed, fieldsComputed, fieldsReused);
        return (new OperationResult([new WrittenDataset(writer.Paths.Data, writer.Count)]), counts);
    }

    private sealed record SampleResult(Sample Sample, List<(byte[] Key, byte[] Value)> Added, List<byte[]> Used);

    private static SampleResult Transform(ReadOnlyMemory<byte> raw, TransformScript script, Dictionary<FieldStatement, byte[]> identities, byte[] prefix, TransformCache? cache)
    {
        var sample = MsgpackSerializer.DeserializeSample(raw.Span);
        var added = new List<(byte[], byte[])>();
        var used = new List<byte[]>();
        foreach (var statement in script.Statements)
        {
            switch (statement)
            {
                case FieldStatement field:
                    var inputs = new object?[field.Sources.Count];
                    for (int i = 0; i < inputs.Length; i++)
                    {
                        if (!sample.TryGetValue(field.Sources[i], out inputs[i]))
                            throw new TransformException(TransformError.SampleDoesNotFit,
                                $"sample '{sample.Key}', field '{field.Target}': the sample has no field '{field.Sources[i]}' to compute it from (fields: {string.Join(", ", sample.Keys)})");
                    }
                    // One source or target is stored as itself, several as one msgpack array.
                    var packedSource = MsgpackSerializer.Serialize(inputs.Length == 1 ? inputs[0] : inputs);
                    var key = Key(prefix, identities[field], packedSource);
                    byte[]? packed = cache?.TryGet(key);
                    if (packed is not null)
                    {
                        used.Add(key);
                    }
                    else
                    {
                        var values = field.Compute(inputs, sample.Key);
                        try
                        {
                            packed = MsgpackSerializer.Serialize(values.Count == 1 ? values[0] : values);
                        }
                        catch (ArgumentException e)
                        {
                            throw new TransformException(TransformError.CustomStepFailed,
                                $"sample '{sample.Key}', field '{field.Target}', step '{field.Steps[^1].Name}': returned a value that cannot be stored: {e.Message}");
                        }
                        added.Add((key, packed));
                    }
                    // Stored as msgpack either way, so a computed and a cached value write the same bytes.
                    var stored = MsgpackSerializer.Deserialize(packed);
                    if (field.Targets.Count == 1)
                        sample[field.Targets[0]] = stored;
                    else
                        for (int i = 0; i < field.Targets.Count; i++)
                            sample[field.Targets[i]] = ((IList<object?>)stored!)[i];
                    break;
                case RenameStatement rename:
                    rename.Apply(sample);
                    break;
                case DropStatement drop:
                    drop.Apply(sample);
                    break;
                case CastStatement cast:
                    cast.Apply(sample);
                    break;
            }
        }
        return new SampleResult(sample, added, used);
    }

    private static byte[] Key(byte[] prefix, byte[] identity, byte[] source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData(identity);
        hash.AppendData(source);
        return hash.GetHashAndReset();
    }
}
