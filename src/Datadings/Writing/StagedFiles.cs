namespace Datadings.Writing;

/// <summary>
/// Files written under hidden temporary names beside their final names and moved into place only by
/// <see cref="Commit"/>, so a failed or killed write never leaves a file under a final name.
/// Disposing without committing deletes everything staged.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private readonly List<(string Temp, string Final)> _files = [];
    private bool _committed;

    /// <summary>Creates the temporary file that will become <paramref name="finalPath"/>.</summary>
    public FileStream Create(string finalPath, int bufferSize = 1 << 16)
    {
        var temp = TempNameFor(finalPath);
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize);
        _files.Add((temp, finalPath));
        return stream;
    }

    public void WriteAllBytes(string finalPath, ReadOnlySpan<byte> content)
    {
        using var stream = Create(finalPath, bufferSize: 0);
        stream.Write(content);
    }

    /// <summary>
    /// Moves every staged file to its final name, in staging order: stage the file that marks a complete set
    /// (the <c>.md5</c>) last. Files listed in <paramref name="removeFirst"/> (stale files of an older set) are
    /// deleted before anything moves.
    /// </summary>
    public void Commit(bool overwrite, IEnumerable<string>? removeFirst = null)
    {
        if (!overwrite)
        {
            foreach (var (_, final) in _files)
                if (File.Exists(final)) throw new IOException($"{final} already exists; pass overwrite to replace it.");
        }
        foreach (var stale in removeFirst ?? []) File.Delete(stale);
        foreach (var (temp, final) in _files) File.Move(temp, final, overwrite);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        foreach (var (temp, _) in _files)
        {
            try { File.Delete(temp); }
            catch (IOException) { /* best effort: a leftover hidden temp file never poses as a dataset file */ }
        }
        _files.Clear();
    }

    private static string TempNameFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");
}
