using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Datadings.Tests.Sources;

/// <summary>
/// A temporary folder in which one file tree is written as a directory, a zip, a tar and a tar.gz.
/// Archives store entries in the order given (deliberately not sorted in most tests) so ordering
/// rules are exercised.
/// </summary>
internal sealed class TreeFixture : IDisposable
{
    public TreeFixture() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datadings-sources-" + Guid.NewGuid().ToString("N"));

    public static IReadOnlyList<(string Path, byte[] Content)> Files(params string[] paths) =>
        paths.Select(p => (p, Encoding.UTF8.GetBytes("content of " + p))).ToList();

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    public string WriteDirectory(IEnumerable<(string Path, byte[] Content)> files, string name = "tree")
    {
        var root = Path(name);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(root, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
        return root;
    }

    public string WriteZip(IEnumerable<(string Path, byte[] Content)> files, string name = "tree.zip")
    {
        var path = Path(name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, content) in files)
        {
            using var stream = zip.CreateEntry(entryName).Open();
            stream.Write(content);
        }
        return path;
    }

    public string WriteTar(IEnumerable<(string Path, byte[] Content)> files, string name = "tree.tar") =>
        WriteTarEntries(files.Select(f => Regular(f.Path, f.Content)), name);

    public string WriteTarEntries(IEnumerable<TarEntry> entries, string name)
    {
        var path = Path(name);
        using (var file = File.Create(path))
        using (var output = name.EndsWith(".tar", StringComparison.Ordinal) ? (Stream)file : new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new TarWriter(output, TarEntryFormat.Pax))
        {
            foreach (var entry in entries) writer.WriteEntry(entry);
        }
        return path;
    }

    public static PaxTarEntry Regular(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    /// <summary>The same tree in every source kind: directory, zip, tar, tar.gz and tgz.</summary>
    public IReadOnlyList<string> WriteAllKinds(IReadOnlyList<(string Path, byte[] Content)> files) =>
    [
        WriteDirectory(files),
        WriteZip(files),
        WriteTar(files),
        WriteTar(files, "tree.tar.gz"),
        WriteTar(files, "tree.tgz"),
    ];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the test that already ran.
        }
    }
}
