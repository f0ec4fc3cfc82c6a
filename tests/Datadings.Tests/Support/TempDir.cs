namespace Datadings.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datadings-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies a vector dataset's files (read-only in shared/) into this directory; returns the data file path.</summary>
    public string CopyDataset(string name, string? directory = null)
    {
        var source = System.IO.Path.Combine(directory ?? SharedVectors.Datadings, name);
        foreach (var file in Directory.GetFiles(source, name + ".msgpack*"))
        {
            var target = File(System.IO.Path.GetFileName(file));
            System.IO.File.Copy(file, target);
            System.IO.File.SetAttributes(target, FileAttributes.Normal);
        }
        return File(name + ".msgpack");
    }

    /// <summary>Names of the files in the directory, sorted (to assert what a write left behind).</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
