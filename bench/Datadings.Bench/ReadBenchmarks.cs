using Datadings.Augments;
using Datadings.Msgpack;
using Datadings.Reading;

namespace Datadings.Bench;

/// <summary>
/// Sequential and Shuffler-order reads of one dataset, raw and decoded, next to a plain FileStream read of its data
/// file; then our decoder side by side with the MessagePack-based candidate (issue 18) on the same packed samples.
/// </summary>
internal sealed class ReadBenchmarks(GeneratedDataset dataset, string label)
{
    public void Run()
    {
        Console.WriteLine($"-- {label}: {dataset.Count:N0} samples, {dataset.DataBytes / 1e6:N0} MB");
        var buffer = new byte[1 << 20];
        var baseline = Measure.Best(() => PlainFileRead(buffer));
        Report("FileStream read (baseline)", baseline, baseline);

        using var reader = new DatasetReader(dataset.Path);
        var raw = Measure.Best(() => SequentialRaw(reader, buffer));
        Report("raw sequential read", raw, baseline);

        var decoded = Measure.Best(() => SequentialDecoded(reader));
        Report("decoded sequential read", decoded, baseline, raw);

        var shuffledRaw = Measure.Best(() => ShuffledRaw(reader, buffer));
        Report("Shuffler-order raw", shuffledRaw, baseline);

        var shuffledDecoded = Measure.Best(() => ShuffledDecoded(reader));
        Report("Shuffler-order decoded", shuffledDecoded, baseline, shuffledRaw);

        var pooled = Measure.Best(() => SequentialPooled(reader));
        Report("decoded, pooled (GetPooled)", pooled, baseline, raw);

        var shuffledPooled = Measure.Best(() => ShuffledPooled(reader));
        Report("Shuffler-order decoded, pooled", shuffledPooled, baseline, shuffledRaw);

        using var zeroCopy = new DatasetReader(dataset.Path, new DatasetReaderOptions { ZeroCopy = true });
        var decodedZeroCopy = Measure.Best(() => SequentialDecoded(zeroCopy));
        Report("decoded, zero-copy (bytes untouched)", decodedZeroCopy, baseline, raw);

        CompareCodecs(reader);
        Console.WriteLine();
    }

    /// <summary>
    /// Decoding only (the packed bytes are slices of the mapping), ours and MessagePack's reader alternating
    /// round by round so both see the same machine load; the best round of each counts.
    /// </summary>
    private void CompareCodecs(DatasetReader reader)
    {
        var ours = TimeSpan.MaxValue;
        var candidate = TimeSpan.MaxValue;
        Decode(reader, m => MsgpackSerializer.DeserializeSample(m.Span));
        Decode(reader, MessagePackSampleDecoder.DeserializeSample);
        for (int round = 0; round < 5; round++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Decode(reader, m => MsgpackSerializer.DeserializeSample(m.Span));
            ours = Min(ours, watch.Elapsed);
            watch.Restart();
            Decode(reader, MessagePackSampleDecoder.DeserializeSample);
            candidate = Min(candidate, watch.Elapsed);
        }
        Console.WriteLine($"{"decode: our MsgpackReader",-36} {Measure.Rate(dataset.Count, ours, "samples")}");
        Console.WriteLine($"{"decode: MessagePack 2.5.307 reader",-36} {Measure.Rate(dataset.Count, candidate, "samples")}   {ours / candidate,5:0.00}x of ours (adopt at >= 0.90x)");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static long Decode(DatasetReader reader, Func<ReadOnlyMemory<byte>, Sample> decode)
    {
        long labels = 0;
        for (int i = 0; i < reader.Count; i++) labels += (long)decode(reader.GetRaw(i))["label"]!;
        return labels;
    }

    private void Report(string what, TimeSpan time, TimeSpan baseline, TimeSpan? raw = null) =>
        Console.WriteLine($"{what,-36} {Measure.Rate(dataset.Count, time, "samples")} {Measure.MegabytesPerSecond(dataset.DataBytes, time)}   {baseline / time,5:0.00}x of FileStream"
            + (raw is { } r ? $"   {r / time,5:0.00}x of the same order raw" : ""));

    private long PlainFileRead(byte[] buffer)
    {
        using var stream = new FileStream(dataset.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0) total += n;
        return total;
    }

    // Copying each sample into a buffer does the same work as the FileStream baseline: every byte is moved once.
    private static long SequentialRaw(DatasetReader reader, byte[] buffer)
    {
        long total = 0;
        for (int i = 0; i < reader.Count; i++)
        {
            var span = reader.GetRawSpan(i);
            span.CopyTo(buffer);
            total += span.Length;
        }
        return total;
    }

    private static long SequentialDecoded(DatasetReader reader)
    {
        long labels = 0;
        for (int i = 0; i < reader.Count; i++) labels += (long)reader.Get(i)["label"]!;
        return labels;
    }

    private static long ShuffledRaw(DatasetReader reader, byte[] buffer)
    {
        long total = 0;
        foreach (int i in new Shuffler(reader).Indices())
        {
            var span = reader.GetRawSpan(i);
            span.CopyTo(buffer);
            total += span.Length;
        }
        return total;
    }

    private static long SequentialPooled(DatasetReader reader)
    {
        long labels = 0;
        for (int i = 0; i < reader.Count; i++)
        {
            using var sample = reader.GetPooled(i);
            labels += (long)sample["label"]!;
        }
        return labels;
    }

    private static long ShuffledPooled(DatasetReader reader)
    {
        long labels = 0;
        foreach (int i in new Shuffler(reader).Indices())
        {
            using var sample = reader.GetPooled(i);
            labels += (long)sample["label"]!;
        }
        return labels;
    }

    private static long ShuffledDecoded(DatasetReader reader)
    {
        long labels = 0;
        foreach (int i in new Shuffler(reader).Indices()) labels += (long)reader.Get(i)["label"]!;
        return labels;
    }
}
