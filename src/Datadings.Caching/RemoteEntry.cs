using System.Globalization;
using System.Text;

namespace Datadings.Caching;

/// <summary>One file of an entry: its name in the output folder, size in bytes and MD5 (its address under <c>files/</c>).</summary>
public sealed record RemoteFile(string Name, long Size, string Md5);

/// <summary>One data file (a dataset or a shard): its name, sample count and data bytes, as the local stamp records them.</summary>
public sealed record RemoteDataFile(string Name, int SampleCount, long DataBytes);

/// <summary>
/// The manifest of a dataset (or of one shard of it) in the remote cache: what a local build would have written.
/// The manifest is uploaded after every file it names, so a visible manifest always names files that are there.
/// Text, one fact a line, tab-separated: <c>samples N</c>, <c>shards S</c> (of the whole dataset), <c>machines n</c>
/// (for sharded builds), <c>data NAME SAMPLES BYTES</c>, <c>file NAME SIZE MD5</c>, <c>meta KEY VALUE</c>.
/// </summary>
public sealed record RemoteEntry(
    long SampleCount,
    int ShardCount,
    int Machines,
    IReadOnlyList<RemoteDataFile> DataFiles,
    IReadOnlyList<RemoteFile> Files,
    IReadOnlyDictionary<string, string> Metadata)
{
    private const string Header = "datadings-remote-entry 1";

    public string ToText()
    {
        var text = new StringBuilder().Append(Header).Append('\n');
        Line(text, "samples", SampleCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "shards", ShardCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "machines", Machines.ToString(CultureInfo.InvariantCulture));
        foreach (var d in DataFiles) Line(text, "data", d.Name, d.SampleCount.ToString(CultureInfo.InvariantCulture), d.DataBytes.ToString(CultureInfo.InvariantCulture));
        foreach (var f in Files) Line(text, "file", f.Name, f.Size.ToString(CultureInfo.InvariantCulture), f.Md5);
        foreach (var (key, value) in Metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) Line(text, "meta", key, value.Replace('\t', ' ').Replace('\n', ' '));
        return text.ToString();
    }

    /// <summary>Parses a manifest; throws <see cref="RemoteCacheCorruptException"/> naming the bad line.</summary>
    public static RemoteEntry Parse(string text, string what)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
            throw new RemoteCacheCorruptException($"{what} is not a datadings remote-cache manifest (first line '{(lines.Length == 0 ? "" : Shorten(lines[0]))}', expected '{Header}')");
        long samples = -1;
        int shards = -1, machines = 0;
        var data = new List<RemoteDataFile>();
        var files = new List<RemoteFile>();
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split('\t');
            try
            {
                switch (parts[0])
                {
                    case "samples" when parts.Length == 2: samples = long.Parse(parts[1], CultureInfo.InvariantCulture); break;
                    case "shards" when parts.Length == 2: shards = int.Parse(parts[1], CultureInfo.InvariantCulture); break;
                    case "machines" when parts.Length == 2: machines = int.Parse(parts[1], CultureInfo.InvariantCulture); break;
                    case "data" when parts.Length == 4:
                        data.Add(new RemoteDataFile(SafeName(parts[1]), int.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture)));
                        break;
                    case "file" when parts.Length == 4 && parts[3].Length == 32 && parts[3].All(char.IsAsciiHexDigitLower):
                        files.Add(new RemoteFile(SafeName(parts[1]), long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]));
                        break;
                    case "meta" when parts.Length == 3: metadata[parts[1]] = parts[2]; break;
                    default: throw new FormatException();
                }
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new RemoteCacheCorruptException($"{what}, line {i + 1}: '{Shorten(lines[i])}' is not a manifest line");
            }
        }
        if (samples < 0 || shards < 0)
            throw new RemoteCacheCorruptException($"{what} lacks its 'samples' or 'shards' line");
        return new RemoteEntry(samples, shards, machines, data, files, metadata);
    }

    /// <summary>
    /// Checks that each <c>data</c> line agrees with the files the entry lists: the data file has the line's data bytes,
    /// and its <c>.offsets</c> file (n+1 u64, FORMAT.md §3) holds the line's sample count. The files' sizes are verified
    /// as they arrive, so a pull that passes this records in its stamp the counts its files really hold, never counts a
    /// damaged or hand-edited manifest made up. Throws <see cref="RemoteCacheCorruptException"/> naming the data file.
    /// </summary>
    public void CheckDataFiles(string what)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in Files) sizes[f.Name] = f.Size;
        foreach (var d in DataFiles)
        {
            if (!sizes.TryGetValue(d.Name, out var dataSize) || dataSize != d.DataBytes)
                throw new RemoteCacheCorruptException($"{what}: the data line of {d.Name} says {d.DataBytes} bytes but the entry lists its file with {(sizes.ContainsKey(d.Name) ? dataSize + " bytes" : "none")}");
            var offsets = d.Name + DatasetPaths.OffsetsSuffix;
            if (d.SampleCount < 0 || !sizes.TryGetValue(offsets, out var offsetsSize) || offsetsSize != 8L * (d.SampleCount + 1))
                throw new RemoteCacheCorruptException($"{what}: the data line of {d.Name} says {d.SampleCount} samples but its {offsets} "
                    + (sizes.TryGetValue(offsets, out var o) ? $"has {o} bytes, expected {8L * (d.SampleCount + 1)}" : "is not listed"));
        }
    }

    // A manifest only ever names files of the output folder itself: never a path.
    private static string SafeName(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name != "." && name != ".." && !name.Contains('\\') ? name : throw new FormatException();

    private static void Line(StringBuilder text, params string[] parts) => text.Append(string.Join('\t', parts)).Append('\n');

    private static string Shorten(string line) => line.Length > 80 ? line[..80] + "…" : line;
}
