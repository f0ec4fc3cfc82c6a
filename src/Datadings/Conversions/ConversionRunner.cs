using System.Diagnostics;
using Datadings.Msgpack;
using Datadings.Sources;
using Datadings.Writing;

namespace Datadings.Conversions;

/// <summary>
/// Where and how a conversion writes: the output directory, the dataset name, optional sharding, and optionally only
/// a slice of the shards (for builds split over several machines).
/// </summary>
public sealed record ConversionTarget(string OutputDirectory, string DatasetName, int? ShardSize = null, ShardSlice? Slice = null);

/// <summary>
/// The shards one of <see cref="Count"/> machines writes: shard <c>s</c> belongs to machine <c>s % Count</c>. Every
/// machine still reads all samples (to check keys and count), but writes, and asks converters to encode, only its own.
/// </summary>
public sealed record ShardSlice(int Index, int Count)
{
    public bool Owns(int shard) => shard % Count == Index;

    /// <summary>The machine index that writes <paramref name="shard"/>.</summary>
    public static int OwnerOf(int shard, int count) => shard % count;
}

/// <summary>
/// Runs a converter and writes what it yields as a dataset (or shards), all or nothing: the dataset's previous files
/// are deleted first, and if anything fails no file of the dataset is left, so a stale dataset from an earlier
/// build can never pass for the result of this one.
/// </summary>
public static class ConversionRunner
{
    public static ConversionResult Run(
        ISampleConverter converter,
        ConversionContext context,
        ConversionTarget target,
        Action<ConversionProgress>? progress = null,
        TimeSpan? progressInterval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(converter);
        if (target.ShardSize is <= 0) throw ConversionContext.Invalid($"ShardSize must be positive, not {target.ShardSize}");
        if (target.Slice is { } slice && (target.ShardSize is null || slice.Count < 1 || slice.Index < 0 || slice.Index >= slice.Count))
            throw ConversionContext.Invalid($"a shard slice ({slice.Index} of {slice.Count}) needs ShardSize and 0 <= index < count");
        context.SampleFilter = target.Slice is { } owned ? index => owned.Owns((int)(index / target.ShardSize!.Value)) : null;
        var clock = Stopwatch.StartNew();
        OutputFolder.Create(target.OutputDirectory);
        DeleteDataset(target);

        var files = new List<DatasetFile>();
        // Keys seen so far, to refuse duplicates. Unsharded, the writer's own key index answers (one index per
        // sample, not two); sharded, keys must be unique across shards, so they are remembered here.
        var shardedKeys = target.ShardSize is null ? null : new Dictionary<string, long>(StringComparer.Ordinal);
        DatasetWriter? writer = null;
        var interval = progressInterval ?? TimeSpan.FromSeconds(5);
        var nextReport = interval;
        long count = 0;
        try
        {
            // Packing runs on the converter's threads too; this thread only checks keys, hashes and writes.
            // Another machine's samples (sharded builds) are only counted and key-checked: not packed, written or hashed.
            foreach (var (key, packed) in OrderedParallel.Select(Numbered(Samples(converter, context, cancellationToken)),
                         item => context.IsSampleWanted(item.Index) ? Pack(item) : (KeyOf(item), []),
                         context.Parallelism, cancellationToken: cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                long? first = shardedKeys is not null
                    ? shardedKeys.TryGetValue(key, out long earlier) ? earlier : null
                    : writer is not null && writer.TryGetIndex(key, out int index) ? index : null;
                if (first is not null)
                    throw new ConversionException(ConversionError.DuplicateKey,
                        $"duplicate key '{key}': sample {count} has the same key as sample {first}", location: $"sample {count}");
                shardedKeys?.Add(key, count);

                // A sharded build's slice writes only the shards it owns (the others are other machines' work).
                var shard = target.ShardSize is { } size ? (int)(count / size) : 0;
                if (target.Slice is null || target.Slice.Owns(shard))
                {
                    writer ??= new DatasetWriter(PathOf(target, shard), new DatasetWriterOptions { Overwrite = true });
                    writer.WriteRaw(key, packed);
                }
                count++;
                if (writer is not null && target.ShardSize is { } shardSize && writer.Count == shardSize)
                {
                    files.Add(Complete(writer));
                    writer = null;
                }
                if (progress is not null && clock.Elapsed >= nextReport)
                {
                    progress(new ConversionProgress(target.DatasetName, count, context.ExpectedSampleCount, clock.Elapsed));
                    nextReport = clock.Elapsed + interval;
                }
            }
            // An empty dataset is still a dataset (one empty file set, written by shard 0's owner), so later steps find what they expect.
            if (writer is not null || (count == 0 && (target.Slice?.Owns(0) ?? true)))
                files.Add(Complete(writer ?? new DatasetWriter(PathOf(target, 0), new DatasetWriterOptions { Overwrite = true })));
            writer = null;
        }
        catch
        {
            writer?.Dispose();
            DeleteDataset(target);
            throw;
        }
        return new ConversionResult(target.DatasetName, count, files, clock.Elapsed,
            new Dictionary<string, string>(context.OutputMetadata, StringComparer.Ordinal));
    }

    /// <summary>Deletes every file of the dataset, sharded or not (the sharding may have changed since the last build).</summary>
    public static void DeleteDataset(ConversionTarget target)
    {
        foreach (var file in DatasetFileNames.Existing(target.OutputDirectory, target.DatasetName))
            File.Delete(file);
    }

    // Exceptions from the converter's enumeration get the source named (the cache path means little to a user).
    private static IEnumerable<Sample> Samples(ISampleConverter converter, ConversionContext context, CancellationToken cancellationToken)
    {
        using var samples = Translate(() => converter.Convert(context, cancellationToken).GetEnumerator(), context, cancellationToken);
        while (Translate(samples.MoveNext, context, cancellationToken))
            yield return samples.Current ?? throw new ConversionException(ConversionError.ConverterFailed, "the converter yielded a null sample");
    }

    private static T Translate<T>(Func<T> step, ConversionContext context, CancellationToken cancellationToken)
    {
        try
        {
            return step();
        }
        catch (ConversionException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SourceException e)
        {
            throw new ConversionException(e.ExceedsLimit ? ConversionError.ArchiveLimit : ConversionError.CorruptSource, e.Problem, context.NameOf(e.SourcePath),
                e.EntryName is null ? null : $"entry '{e.EntryName}'", e);
        }
        catch (Exception e)
        {
            throw new ConversionException(ConversionError.ConverterFailed, $"the converter threw {e.GetType().Name}: {e.Message}", inner: e);
        }
    }

    private static IEnumerable<(Sample Sample, long Index)> Numbered(IEnumerable<Sample> samples)
    {
        long index = 0;
        foreach (var sample in samples) yield return (sample, index++);
    }

    /// <summary>A sample's key and msgpack bytes (what <see cref="DatasetWriter.Write"/> would write), or why it has none.</summary>
    private static (string Key, byte[] Packed) Pack((Sample Sample, long Index) item)
    {
        var key = KeyOf(item);
        try
        {
            return (key, MsgpackSerializer.SerializeSample(item.Sample));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new ConversionException(ConversionError.ConverterFailed, $"sample '{key}' cannot be written: {e.Message}", location: $"sample {item.Index}", inner: e);
        }
    }

    private static string KeyOf((Sample Sample, long Index) item)
    {
        var (sample, index) = item;
        return sample.TryGetValue(Sample.KeyField, out var value) && value is string text
            ? text
            : throw new ConversionException(ConversionError.ConverterFailed,
                value is null ? "the sample has no \"key\" field" : $"the sample's \"key\" is a {value.GetType().Name}, not a string",
                location: $"sample {index}");
    }

    private static DatasetFile Complete(DatasetWriter writer)
    {
        var file = new DatasetFile(writer.Paths, writer.Count, writer.Length);
        writer.Complete();
        writer.Dispose();
        return file;
    }

    private static string PathOf(ConversionTarget target, int shard) =>
        target.ShardSize is null
            ? DatasetFileNames.Single(target.OutputDirectory, target.DatasetName)
            : DatasetFileNames.Shard(target.OutputDirectory, target.DatasetName, shard);
}
