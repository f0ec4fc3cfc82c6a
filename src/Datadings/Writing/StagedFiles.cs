using System.Diagnostics;
using System.Globalization;

namespace Datadings.Writing;

/// <summary>
/// Files written under hidden temporary names beside their final names and moved into place only by
/// <see cref="Commit"/>, so a failed or killed write never leaves a file under a final name.
/// Disposing without committing deletes everything staged, even when closing a stream fails again (disk full).
/// </summary>
/// <remarks>
/// A staged file is named <c>.NAME.PID.GUID.tmp</c> and stays open (locked by the OS: <c>flock</c> on Unix, a share
/// mode on Windows) until it is in place, so <see cref="RemoveStale"/> can tell the leftovers of a killed writer
/// from the files of a live one.
/// </remarks>
public sealed class StagedFiles : IDisposable
{
    private readonly List<(string Temp, string Final, FileStream Stream)> _files = [];
    private bool _committed;

    internal StagedFiles() { }

    /// <summary>Creates the temporary file that will become <paramref name="finalPath"/>; it stays open until commit or dispose.</summary>
    internal FileStream Create(string finalPath, int bufferSize = 1 << 16)
    {
        var temp = TempNameFor(finalPath);
        // FileShare.Delete: a Windows writer may rename the file while it holds it open; on Unix it means a shared
        // flock, which RemoveStale's exclusive probe cannot take while this process lives.
        FileStream stream;
        try
        {
            stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, bufferSize);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            TryDelete(temp);
            throw new DiskFullException(finalPath, 1, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The user never named the staging file: say which output could not be written, and why.
            throw OutputFolder.CannotCreate(finalPath, temp, e);
        }
        _files.Add((temp, finalPath, stream));
        return stream;
    }

    /// <summary>Stages <paramref name="content"/> for <paramref name="finalPath"/>; a full disk becomes a <see cref="DiskFullException"/>.</summary>
    internal void WriteAllBytes(string finalPath, ReadOnlySpan<byte> content)
    {
        var stream = Create(finalPath, bufferSize: 0);
        try
        {
            stream.Write(content);
            stream.Flush();
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(finalPath, content.Length, e);
        }
    }

    /// <summary>
    /// Moves every staged file to its final name, in staging order: stage the file that marks a complete set
    /// (the <c>.md5</c>) last. Files listed in <paramref name="removeFirst"/> (stale files of an older set) are
    /// deleted before anything moves.
    /// </summary>
    internal void Commit(bool overwrite, IEnumerable<string>? removeFirst = null)
    {
        if (!overwrite)
        {
            foreach (var (_, final, _) in _files)
                if (File.Exists(final)) throw new IOException($"{final} already exists; pass overwrite to replace it.");
        }
        foreach (var (_, _, stream) in _files) stream.Flush(flushToDisk: false);
        foreach (var stale in removeFirst ?? []) File.Delete(stale);
        // Moved while still open (and locked), so no moment exists in which a live writer's file looks abandoned.
        foreach (var (temp, final, _) in _files) File.Move(temp, final, overwrite);
        _committed = true;
        foreach (var (_, _, stream) in _files) stream.Dispose();
        _files.Clear();
    }

    /// <summary>Deletes every staged file unless committed; never throws.</summary>
    public void Dispose()
    {
        if (_committed) return;
        foreach (var (temp, _, stream) in _files)
        {
            // Closing flushes the buffer, which throws again on a full disk; the file must go all the same.
            try { stream.Dispose(); }
            catch (IOException) { }
            TryDelete(temp);
        }
        _files.Clear();
    }

    /// <summary>
    /// Deletes the staged files in <paramref name="directory"/> that a killed or crashed writer left for the files
    /// of <paramref name="names"/> (a name covers <c>NAME.*</c> and <c>NAME-*</c>, i.e. a dataset, its shards, view
    /// file and stamps): those whose writer process no longer runs and that no process holds open, and the staging
    /// folders (<see cref="StagingDirectoryFor"/>) of writers that no longer run. Staged files of
    /// live writers (another build, this process) are never touched. Returns the files deleted.
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string directory, IEnumerable<string> names)
    {
        var removed = new List<string>();
        if (!Directory.Exists(directory)) return removed;
        var prefixes = names.Where(n => n.Length > 0).SelectMany(n => (string[])[$".{n}.", $".{n}-"]).ToList();
        // Staging folders (StagingDirectoryFor): a folder cannot be locked, so only a dead writer process decides.
        foreach (var folder in Directory.EnumerateDirectories(directory, ".*.tmp"))
        {
            var name = Path.GetFileName(folder);
            if (!prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || !HasWriterPid(name) || WriterMayBeAlive(name)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        foreach (var temp in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            var file = Path.GetFileName(temp);
            if (!prefixes.Any(p => file.StartsWith(p, StringComparison.Ordinal)) || WriterMayBeAlive(file)) continue;
            try
            {
                // Opening exclusively (flock LOCK_EX on Unix) proves that no process, here or on another machine
                // sharing the folder, still has the file open; it is deleted while held.
                using (new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                removed.Add(temp);
            }
            catch (IOException) { /* in use, or already gone */ }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>
    /// A new hidden folder <c>.NAME.PID.GUID.tmp</c> in <paramref name="directory"/> to stage several files in (a pull
    /// from a remote cache) before they move into place. A killed writer's folder is removed by <see cref="RemoveStale"/>
    /// for <paramref name="name"/>, on the next build whatever it does with that dataset, never a live writer's.
    /// </summary>
    public static string StagingDirectoryFor(string directory, string name) =>
        Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static bool HasWriterPid(string fileName)
    {
        var parts = fileName.Split('.');
        return parts.Length >= 4 && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static bool WriterMayBeAlive(string fileName)
    {
        // .NAME.PID.GUID.tmp: the writer's process id is the second-to-last dotted part.
        var parts = fileName.Split('.');
        if (parts.Length < 4 || !int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return false; // older name without a pid: only the lock decides
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: a leftover hidden temp file never poses as a dataset file */ }
        catch (UnauthorizedAccessException) { }
    }

    private static string TempNameFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
}
