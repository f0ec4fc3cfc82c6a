using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Datadings.IndexFiles;
using Datadings.Writing;

namespace Datadings.Build.Tasks;

/// <summary>
/// The record of a successful conversion, <c>obj/…/datadings/NAME.stamp</c>: a fingerprint of everything the
/// result depends on, and the files it produced with their sizes. A dataset is up to date when the fingerprint is
/// unchanged and every file is still there with its size. Content fingerprints (source MD5s, option values, the
/// code's identity) rather than timestamps: a touched-but-identical source does not rebuild, an edited option does.
/// </summary>
internal sealed record ConversionStamp(string Fingerprint, long SampleCount, IReadOnlyList<StampedFile> Files, IReadOnlyDictionary<string, string> Metadata)
{
    private const string FormatVersion = "datadings-conversion-stamp 2";

    public static string FingerprintOf(ConversionPlan plan, string outputDirectory, string? converterAssembly) =>
        Hash(plan, converterAssembly, text => text.AppendLine("output " + Path.GetFullPath(outputDirectory)));

    /// <summary>
    /// The remote cache's key: the fingerprint without anything local to this machine (output folder, where a
    /// converter assembly was built), so every machine with the same inputs and code agrees on it. Sources count by
    /// name and declared MD5 only (never where they sit or their resolved size), so the key, like the fingerprint, is
    /// known from the project before any source is fetched: a second machine pulls a dataset without its sources.
    /// </summary>
    public static string CacheKeyOf(ConversionPlan plan, string? converterAssembly) => Hash(plan, converterAssembly, _ => { });

    private static string Hash(ConversionPlan plan, string? converterAssembly, Action<StringBuilder> local)
    {
        var text = new StringBuilder();
        text.AppendLine(FormatVersion);
        text.AppendLine("dataset " + plan.DatasetName);
        // Our own code: a new task or core build may convert differently. Deterministic builds keep the MVID
        // stable for unchanged sources, so only real changes rebuild datasets.
        text.AppendLine("tasks " + typeof(ConversionStamp).Assembly.ManifestModule.ModuleVersionId);
        text.AppendLine("core " + typeof(Datadings.Conversions.ISampleConverter).Assembly.ManifestModule.ModuleVersionId);
        foreach (var (key, value) in plan.Options)
            text.AppendLine($"option {key.ToLowerInvariant()}={value}");
        foreach (var (source, md5, _) in plan.Sources)
            text.AppendLine($"source {source.Name} {md5.ToLowerInvariant()}");
        foreach (var (option, path) in plan.ReferencedFiles)
            text.AppendLine($"option-file {option.ToLowerInvariant()} {Md5File.HashFile(path)}");
        if (converterAssembly is not null)
            text.AppendLine($"converter-assembly {Path.GetFileName(converterAssembly)} {Md5File.HashFile(converterAssembly)}");
        local(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static ConversionStamp? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length < 2 || !lines[0].StartsWith("fingerprint ", StringComparison.Ordinal)) return null;
            var files = new List<StampedFile>();
            var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(2))
            {
                var parts = line.Split('\t');
                if (parts[0] == "file" && parts.Length == 4)
                    files.Add(new StampedFile(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture)));
                else if (parts[0] == "meta" && parts.Length == 3)
                    metadata[parts[1]] = parts[2];
            }
            return new ConversionStamp(lines[0]["fingerprint ".Length..], long.Parse(lines[1]["samples ".Length..], CultureInfo.InvariantCulture), files, metadata);
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // unreadable: convert again
        }
    }

    /// <summary>Every data file and index file is where the stamp says, with the size it had.</summary>
    public bool OutputsIntact() =>
        Files.All(f => new FileInfo(f.Path) is { Exists: true } info && info.Length == f.DataBytes
            && Datadings.DatasetPaths.For(f.Path) is var paths
            && paths.IndexFiles.All(File.Exists));

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        text.Append("fingerprint ").AppendLine(Fingerprint);
        text.Append("samples ").AppendLine(SampleCount.ToString(CultureInfo.InvariantCulture));
        foreach (var f in Files)
            text.AppendLine(string.Join('\t', "file", f.Path, f.SampleCount.ToString(CultureInfo.InvariantCulture), f.DataBytes.ToString(CultureInfo.InvariantCulture)));
        foreach (var (key, value) in Metadata)
            text.AppendLine(string.Join('\t', "meta", key, value.Replace('\t', ' ').Replace('\n', ' ')));
        // Written last and atomically: a stamp only ever describes outputs that are complete.
        AtomicFile.WriteAllText(path, text.ToString(), overwrite: true);
    }
}

internal sealed record StampedFile(string Path, int SampleCount, long DataBytes);
