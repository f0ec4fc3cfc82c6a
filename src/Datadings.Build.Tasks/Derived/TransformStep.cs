using System.Globalization;
using Datadings.Operations;
using Datadings.Transforms;

namespace Datadings.Build.Tasks.Derived;

/// <summary>Where and how big the per-sample transform cache is, and how many threads compute: the task's settings.</summary>
internal sealed record TransformSettings(string CacheDirectory, long CacheMaxBytes, int Threads, IReadOnlyList<string> StepAssemblies);

/// <summary>
/// <c>DatasetTransform</c>: <see cref="TransformOperation"/> with the item's <c>Steps</c> script over one input,
/// through the shared per-sample cache. Lives apart from the other steps because it is the one that loads
/// Datadings.Imaging (SkiaSharp, SQLite); projects without transforms never load it. Custom steps are loaded when
/// the item is read (their assembly's hash is part of the stamp) and unloaded when the step is disposed.
/// </summary>
internal sealed class TransformStep : DerivedStep, IDisposable
{
    private readonly TransformScript _script;
    private readonly TransformSettings _settings;

    public TransformStep(ItemMetadata item, TransformSettings settings) : base(item, "transform", [SingleInput(item, "the dataset to transform")])
    {
        _settings = settings;
        var text = item.Required("Steps", "the transform's statements, e.g. 'image_224 = image | decode | resize 224x224 | encode png'");
        try
        {
            _script = TransformScript.Parse(text, new CustomStepLoader(settings.StepAssemblies));
        }
        catch (TransformException e)
        {
            throw new DerivedDatasetException(TransformErrorCodes.For(e.Error), e.Message);
        }
    }

    public override string? CodeIdentity => string.Join("; ", [TransformOperation.CodeIdentity, .. _script.CustomCode.Select(c => "custom step assembly sha256 " + c)]);

    public void Dispose() => _script.Dispose();

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            using var cache = TransformCache.Open(_settings.CacheDirectory, _settings.CacheMaxBytes);
            var (result, counts) = TransformOperation.Run(inputs[0], outputs[0], _script,
                new TransformOptions { Threads = _settings.Threads, Cache = cache, Overwrite = true }, progress, cancellationToken);
            long pruned;
            try
            {
                pruned = cache.Prune();
            }
            catch (TransformException e) when (TransformCache.IsDamaged(e))
            {
                cache.Reset(e); // the dataset is written; only this build's entries are lost
                pruned = 0;
            }
            var (entries, bytes) = cache.Size();
            var summary = $"computed {Count(counts.SamplesComputed)} of {Count(counts.Samples)} samples ({Count(counts.FieldsComputed)} fields computed, {Count(counts.FieldsReused)} reused from the cache); JPEG codec: {Datadings.Imaging.ImageCodec.JpegCodec}";
            var cacheLine = $"transform cache {cache.Path}: {Count(entries)} entries, {ByteSizes.Format(bytes)} of {ByteSizes.Format(cache.MaxBytes)}"
                + (pruned > 0 ? $", pruned {Count(pruned)} least recently used entries" : "");
            return result with { Notes = cache.Replaced is { } replaced ? [replaced, summary, cacheLine] : [summary, cacheLine] };
        }
        catch (TransformException e)
        {
            throw new DerivedDatasetException(TransformErrorCodes.For(e.Error), e.Message);
        }
    }

    /// <summary>Parses a byte size such as <c>10GB</c>, <c>500MB</c>, <c>1048576</c> (binary units).</summary>
    public static long? ParseSize(string text)
    {
        text = text.Trim();
        long unit = 1;
        foreach (var (suffix, factor) in new[] { ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = factor;
                text = text[..^suffix.Length].Trim();
                break;
            }
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * unit < long.MaxValue
            ? (long)(value * unit) : null;
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
