using Datadings.Augments;
using Datadings.Reading;

namespace Datadings.Bench;

/// <summary>Sequential raw, sequential decoded and shuffled reads of one dataset, next to a plain FileStream read of its data file.</summary>
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

        using var zeroCopy = new DatasetReader(dataset.Path, new DatasetReaderOptions { ZeroCopy = true });
        var decodedZeroCopy = Measure.Best(() => SequentialDecoded(zeroCopy), repeats: 3);
        Report("decoded, zero-copy (bytes untouched)", decodedZeroCopy, baseline);

        var decoded = Measure.Best(() => SequentialDecoded(reader), repeats: 3);
        Report("decoded sequential read", decoded, baseline);

        var shuffled = Measure.Best(() => ShuffledRaw(reader, buffer), repeats: 3);
        Report("Shuffler random-access raw", shuffled, baseline);
        Console.WriteLine();
    }

    private void Report(string what, TimeSpan time, TimeSpan baseline) =>
        Console.WriteLine($"{what,-36} {Measure.Rate(dataset.Count, time, "samples")} {Measure.MegabytesPerSecond(dataset.DataBytes, time)}   {baseline / time,5:0.00}x of FileStream");

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
}
