using System.Diagnostics;
using Datadings.Archives;
using Datadings.Sources;
using SharpCompress.Archives.SevenZip;

// Reading every entry of a solid .7z, a .tar.zst and a .tar.xz into memory (what a LabelledTree conversion does)
// against the command-line tools extracting the same archive to a tmpfs-or-disk folder, measured in the same run.
// Usage: dotnet run -c Release --project bench/Datadings.Bench.Archives [-- --files N --kb K --dir D --runs R]
var files = Option("--files", 2000);
var kb = Option("--kb", 48);
var runs = Option("--runs", 3);
var dir = OptionText("--dir") ?? Path.Combine(Path.GetTempPath(), "dd-archive-bench");
Directory.CreateDirectory(dir);
ArchiveSources.Register();

// Image-like content: mostly incompressible bytes with a compressible header, ~kb KB per file, 10 labels.
var tree = Path.Combine(dir, "tree");
if (Directory.Exists(tree)) Directory.Delete(tree, true);
var random = new Random(42);
for (var i = 0; i < files; i++)
{
    var path = Path.Combine(tree, $"class{i % 10}", $"img{i}.bin");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var bytes = new byte[kb * 1024];
    random.NextBytes(bytes.AsSpan(bytes.Length / 4));
    File.WriteAllBytes(path, bytes);
}
var totalMb = files * kb / 1024.0;
Console.WriteLine($"{files} files × {kb} KB = {totalMb:0} MB, best of {runs} runs, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

var sevenZip = Pack("tree.7z", "7zz", "a", "-bd", "-ms=on", "-mmt=1", Path.Combine(dir, "tree.7z"), ".");
var zst = Pack("tree.tar.zst", "tar", "--zstd", "-cf", Path.Combine(dir, "tree.tar.zst"), "-C", tree, ".");
var xz = Pack("tree.tar.xz", "tar", "--xz", "-cf", Path.Combine(dir, "tree.tar.xz"), "-C", tree, ".");
var gz = Pack("tree.tar.gz", "tar", "--gzip", "-cf", Path.Combine(dir, "tree.tar.gz"), "-C", tree, ".");

var output = Path.Combine(dir, "extracted");
Compare("solid .7z", sevenZip, "7zz x", () => Tool("7zz", ["x", "-bd", "-y", "-mmt=1", "-o" + output, sevenZip]));
Compare(".tar.zst", zst, "tar --zstd -x", () => Tool("tar", ["--zstd", "-xf", zst, "-C", output]));
Compare(".tar.xz", xz, "tar --xz -x", () => Tool("tar", ["--xz", "-xf", xz, "-C", output]));
Compare(".tar.gz (built-in)", gz, "tar --gzip -x", () => Tool("tar", ["--gzip", "-xf", gz, "-C", output]));

// Why the whole-archive reader: opening solid entries one by one re-decompresses the block for each entry.
// Measured on the first 100 entries only (all of them takes minutes).
var entryByEntry = Best(1, () =>
{
    using var archive = SevenZipArchive.OpenArchive(sevenZip, new SharpCompress.Readers.ReaderOptions());
    foreach (var entry in archive.Entries.Where(e => !e.IsDirectory).Take(100))
    {
        using var stream = entry.OpenEntryStream();
        stream.CopyTo(Stream.Null);
    }
});
var ours = Best(runs, () => ReadAll(sevenZip));
Console.WriteLine($"{"solid .7z, entry by entry",-26} 100 entries {entryByEntry.TotalSeconds,7:0.000} s   whole archive ({files} entries, ours) {ours.TotalSeconds,7:0.000} s");

void Compare(string kind, string archive, string reference, Action tool)
{
    var theirs = Best(runs, () =>
    {
        if (Directory.Exists(output)) Directory.Delete(output, true);
        Directory.CreateDirectory(output);
        tool();
    });
    var ours = Best(runs, () => ReadAll(archive));
    Console.WriteLine($"{kind,-26} ours {ours.TotalSeconds,7:0.000} s ({totalMb / ours.TotalSeconds,6:0} MB/s)   {reference,-16} {theirs.TotalSeconds,7:0.000} s   ours/theirs time {ours.TotalSeconds / theirs.TotalSeconds:0.00}");
}

long ReadAll(string archive)
{
    using var source = LabelledTreeSource.Open(archive, new LabelledTreeOptions { NumericLabels = false });
    long bytes = 0;
    foreach (var (_, content) in source.ReadAll()) bytes += content.Length;
    if (bytes != files * kb * 1024L) throw new InvalidOperationException($"{archive}: read {bytes} bytes");
    return bytes;
}

string Pack(string name, string tool, params string[] arguments)
{
    var path = Path.Combine(dir, name);
    File.Delete(path);
    Tool(tool, arguments, workingDirectory: tree);
    return path;
}

static void Tool(string file, string[] arguments, string? workingDirectory = null)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
    foreach (var a in arguments) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {stderr}{stdout.Result}");
}

static TimeSpan Best(int runs, Action action)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        if (clock.Elapsed < best) best = clock.Elapsed;
    }
    return best;
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
