using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
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
        $"datadings-transform 2; imaging {typeof(TransformOperation).Assembly.ManifestModule.ModuleVersionId}; core {typeof(Sample).Assembly.ManifestModule.ModuleVersionId}; skia {SkiaSharpVersion.Native}; jpeg {TurboJpeg.Identity}";

    // Cache commits: often enough that a killed build keeps most of its work, rarely enough to cost nothing.
    private const int CommitEvery = 512;
    private const long CommitBytes = 64L << 20;
    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(2);

    /// <exception cref="TransformException">A sample does not fit the script (message names sample, field and step) or the cache fails.
    /// A cache file found damaged mid-run is replaced by an empty one (<see cref="TransformCache.Replaced"/>) and the run repeated.</exception>
    public static (OperationResult Result, TransformCounts Counts) Run(string input, string output, TransformScript script, TransformOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new TransformOptions();
        try
        {
            return RunOnce(input, output, script, options, progress, cancellationToken);
        }
        catch (TransformException e) when (options.Cache is { } cache && TransformCache.IsDamaged(e))
        {
            // Opening checks only the header and schema; a bad page deeper in the file shows when a lookup or
            // commit reaches it. Everything in the cache can be recomputed: start an empty one and run again
            // (no output was written: the writer was disposed without Complete).
            cache.Reset(e);
            return RunOnce(input, output, script, options, progress, cancellationToken);
        }
    }

    private static (OperationResult Result, TransformCounts Counts) RunOnce(string input, string output, TransformScript script, TransformOptions options,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(input)) throw new FileNotFoundException($"{input} does not exist", input);
        if (Path.GetFullPath(input) == Path.GetFullPath(output)) throw new ArgumentException($"the output {output} is also the input; write to a different file");
        var fields = script.Statements.OfType<FieldStatement>().ToDictionary(s => s, s => Encoding.UTF8.GetBytes(CodeIdentity + "\n" + s.Identity + "\n"));

        using var reader = new DatasetReader(input);
        using var writer = new DatasetWriter(output, new DatasetWriterOptions { Overwrite = options.Overwrite });
        var added = new List<(byte[], byte[])>();
        var used = new List<byte[]>();
        long pendingBytes = 0, fieldsComputed = 0, fieldsReused = 0;
        int samplesComputed = 0, done = 0;
        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();

        var results = OrderedParallel.Select(Enumerable.Range(0, reader.Count).Select(reader.GetRaw),
            raw => Transform(raw, script, fields, options.Cache), Math.Max(1, options.Threads), cancellationToken: cancellationToken);
        foreach (var result in results)
        {
            writer.WriteRaw(result.Key, result.Packed.Span);
            if (result.Added.Count > 0) samplesComputed++;
            fieldsComputed += result.Added.Count;
            fieldsReused += result.Reused;
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

    /// <summary>A transformed sample: computed entries, reused ones whose use is to be recorded, and how many were reused.</summary>
    private sealed record SampleResult(string Key, ReadOnlyMemory<byte> Packed, List<(byte[] Key, byte[] Value)> Added, List<byte[]> Used, int Reused);

    /// <summary>
    /// One sample through the script, on its encoded fields: a field whose key is in the cache is spliced in as the
    /// stored bytes, and fields the script does not touch are copied as read, so an unchanged sample is never
    /// decoded. Only a miss decodes its sources and computes.
    /// </summary>
    private static SampleResult Transform(ReadOnlyMemory<byte> raw, TransformScript script, Dictionary<FieldStatement, byte[]> identities, TransformCache? cache)
    {
        var sample = PackedSample.Parse(raw);
        var added = new List<(byte[], byte[])>();
        var used = new List<byte[]>();
        int reused = 0;
        foreach (var statement in script.Statements)
        {
            switch (statement)
            {
                case FieldStatement field:
                    var sources = new ReadOnlyMemory<byte>[field.Sources.Count];
                    for (int i = 0; i < sources.Length; i++)
                    {
                        if (!sample.TryGetValue(field.Sources[i], out sources[i]))
                            throw new TransformException(TransformError.SampleDoesNotFit,
                                $"sample '{sample.Key}', field '{field.Target}': the sample has no field '{field.Sources[i]}' to compute it from (fields: {string.Join(", ", sample.Names)})");
                    }
                    var key = Key(identities[field], sources);
                    bool stale = false;
                    byte[]? packed = cache?.TryGet(key, out stale);
                    // A stored value that is not exactly one msgpack object (or not one per target) is recomputed, never copied.
                    if (packed is not null && PackedSample.Split(packed, field.Targets.Count) is { } stored)
                    {
                        reused++;
                        if (stale) used.Add(key);
                    }
                    else
                    {
                        packed = Compute(field, sources, sample.Key);
                        stored = PackedSample.Split(packed, field.Targets.Count)!; // Compute gives one value per target
                        added.Add((key, packed));
                    }
                    for (int i = 0; i < stored.Length; i++)
                        sample.Set(field.Targets[i], stored[i]);
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
        var output = new ArrayBufferWriter<byte>(sample.MaxEncodedLength);
        var outputKey = sample.WriteTo(output);
        return new SampleResult(outputKey, output.WrittenMemory, added, used, reused);
    }

    /// <summary>Decodes the sources, runs the steps and encodes the result: one value per target, several as one msgpack array.</summary>
    private static byte[] Compute(FieldStatement field, ReadOnlyMemory<byte>[] sources, string sampleKey)
    {
        var inputs = new object?[sources.Length];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = MsgpackSerializer.Deserialize(sources[i].Span);
        var values = field.Compute(inputs, sampleKey);
        try
        {
            return MsgpackSerializer.Serialize(values.Count == 1 ? values[0] : values);
        }
        catch (ArgumentException e)
        {
            throw new TransformException(TransformError.CustomStepFailed,
                $"sample '{sampleKey}', field '{field.Target}', step '{field.Steps[^1].Name}': returned a value that cannot be stored: {e.Message}");
        }
    }

    /// <summary>
    /// The cache key: XXH128 of the code identity, the statement's identity, the number of sources and their
    /// encoded bytes as stored (msgpack values delimit themselves, so the concatenation is unambiguous). A
    /// non-cryptographic hash is enough here: an accidental collision among even 10^9 entries has probability about
    /// 10^-21, and the cache is local to the machine (the remote cache keys whole datasets by SHA-256), so a forged
    /// collision needs someone who already writes the build's inputs. SHA-256 of a 42 kB photo took 24 µs here, most
    /// of an unchanged sample's budget; XXH128 0.8 µs. Two encodings of one value (a non-minimal int) key apart: a
    /// miss, never a wrong value.
    /// </summary>
    private static byte[] Key(byte[] identity, ReadOnlyMemory<byte>[] sources)
    {
        var hash = new XxHash128();
        hash.Append(identity);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, sources.Length);
        hash.Append(count);
        foreach (var source in sources)
            hash.Append(source.Span);
        return hash.GetCurrentHash();
    }
}
