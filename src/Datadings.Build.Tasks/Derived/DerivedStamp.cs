using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Datadings.IndexFiles;
using Datadings.Writing;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// The record of a successful derived step, <c>obj/…/datadings/STEP.derived.stamp</c>: a fingerprint of everything
/// the result depends on, the files it produced with their sizes, and the MD5 of the split assignment it wrote.
/// Inputs count by content (the <c>.md5</c> file each dataset carries), so an upstream change propagates down a
/// chain while an upstream rebuild with identical bytes does not.
/// </summary>
internal sealed record DerivedStamp(string Fingerprint, IReadOnlyList<DerivedStamp.Output> Files, string? AssignmentMd5)
{
    private const string FormatVersion = "datadings-derived-stamp 2";

    /// <summary>One produced dataset (or view file): its path, sample count and data size.</summary>
    public sealed record Output(string Path, int SampleCount, long Bytes);

    public static string FingerprintOf(DerivedStep step, IReadOnlyList<(string Name, string Path)> inputs, string outputDirectory) =>
        Hash(step, inputs, text =>
        {
            text.AppendLine("output " + Path.GetFullPath(outputDirectory));
            foreach (var (name, path) in inputs)
                text.AppendLine($"input-path {name} {path}");
            foreach (var file in step.ReferencedFiles)
                text.AppendLine($"file-path {file}");
            text.AppendLine($"assignment {step.AssignmentFile}");
        });

    /// <summary>
    /// The remote cache's key: the fingerprint without anything local to one machine (output folder, paths). Inputs
    /// count by name and content (their <c>.md5</c> files), project files by name and MD5, and a stable split's
    /// previous assignment by its MD5: so every machine with the same inputs, item and code agrees on the key, and
    /// any changed input byte is a new key.
    /// </summary>
    public static string CacheKeyOf(DerivedStep step, IReadOnlyList<(string Name, string Path)> inputs) =>
        Hash(step, inputs, text =>
        {
            if (step is SplitStep { Stable: true })
                text.AppendLine($"previous-assignment {Md5OrNull(step.AssignmentFile) ?? "none"}");
        });

    private static string Hash(DerivedStep step, IReadOnlyList<(string Name, string Path)> inputs, Action<StringBuilder> local)
    {
        var text = new StringBuilder();
        text.AppendLine(FormatVersion);
        // Our own code: a new task or core build may derive differently (deterministic builds keep MVIDs stable).
        text.AppendLine("tasks " + typeof(DerivedStamp).Assembly.ManifestModule.ModuleVersionId);
        text.AppendLine("core " + typeof(Datadings.Operations.OperationResult).Assembly.ManifestModule.ModuleVersionId);
        if (step.CodeIdentity is { } code) text.AppendLine("code " + code);
        text.AppendLine($"step {step.Item.ItemType} {step.Name}");
        foreach (var (key, value) in step.Item.All)
            text.AppendLine($"option {key.ToLowerInvariant()}={value}");
        foreach (var (name, path) in inputs)
            text.AppendLine($"input {name} {ContentIdentity(path)}");
        foreach (var file in step.ReferencedFiles)
            text.AppendLine($"file {Path.GetFileName(file)} {(File.Exists(file) ? Md5File.HashFile(file) : "missing")}");
        text.AppendLine("assignment-written " + (step.AssignmentFile is null ? "no" : "yes"));
        local(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A dataset's content identity: its <c>.md5</c> file lists the MD5 of the data and every index file, so hashing
    /// that small file stands for hashing the dataset. Reading it costs one small read per input per build.
    /// </summary>
    public static string ContentIdentity(string dataPath) =>
        Datadings.DatasetPaths.For(dataPath).Md5 is var md5 && File.Exists(md5) ? Md5File.HashFile(md5) : "no-md5";

    public static string? Md5OrNull(string? path) => path is not null && File.Exists(path) ? Md5File.HashFile(path) : null;

    public static DerivedStamp? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length < 1 || !lines[0].StartsWith("fingerprint ", StringComparison.Ordinal)) return null;
            var files = new List<Output>();
            string? assignment = null;
            foreach (var parts in lines.Skip(1).Select(l => l.Split('\t')))
            {
                if (parts[0] == "file" && parts.Length == 4)
                    files.Add(new Output(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture)));
                else if (parts[0] == "assignment" && parts.Length == 2)
                    assignment = parts[1];
            }
            return new DerivedStamp(lines[0]["fingerprint ".Length..], files, assignment);
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException)
        {
            return null; // unreadable: derive again
        }
    }

    /// <summary>
    /// Every output is where the stamp says with its size (datasets with all index files), and the assignment file
    /// still has the content written: an edited assignment is derived again (a stable split then keeps the edit).
    /// </summary>
    public bool OutputsIntact(string? assignmentFile) =>
        Files.All(f => new FileInfo(f.Path) is { Exists: true } info && info.Length == f.Bytes
            && (!f.Path.EndsWith(".msgpack", StringComparison.Ordinal) || Datadings.DatasetPaths.For(f.Path) is var paths
                && paths.IndexFiles.All(File.Exists)))
        && AssignmentMd5 == Md5OrNull(assignmentFile);

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        text.Append("fingerprint ").AppendLine(Fingerprint);
        foreach (var f in Files)
            text.AppendLine(string.Join('\t', "file", f.Path, f.SampleCount.ToString(CultureInfo.InvariantCulture), f.Bytes.ToString(CultureInfo.InvariantCulture)));
        if (AssignmentMd5 is not null)
            text.AppendLine("assignment\t" + AssignmentMd5);
        // Written last and atomically: a stamp only ever describes outputs that are complete.
        AtomicFile.WriteAllText(path, text.ToString(), overwrite: true);
    }
}
