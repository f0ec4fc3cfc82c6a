namespace Datadings.Writing;

/// <summary>
/// Checks and creates the folder an output goes into. Failures are <see cref="OutputPathException"/>s that name the user's
/// path and say what is wrong (a file where a folder should be, a folder where the file should be, a folder that
/// takes no new files), not .NET's wording, which names whatever it tripped on: an ancestor ("already exists") or
/// the hidden staging file beside the output.
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Refuses an output path that cannot become a file: it is an existing folder (or ends in a separator), an
    /// existing device, FIFO or socket (Linux) or a symbolic link to one or into /proc (/dev/stdout), or an existing
    /// file stands where one of its folders should be. Cheap (stops at the first existing folder); call it before any work.
    /// </summary>
    /// <exception cref="OutputPathException">Naming <paramref name="outputPath"/> and the offending path.</exception>
    public static void CheckFile(string outputPath)
    {
        string full = Path.GetFullPath(outputPath);
        if (Directory.Exists(full))
            throw new OutputPathException($"cannot write {outputPath}: it is a folder; give a file name");
        if (Path.EndsInDirectorySeparator(outputPath))
            throw new OutputPathException($"cannot write {outputPath}: it ends in a separator, so it names a folder; give a file name");
        // Outputs replace an existing file by renaming over it: for a device or FIFO (/dev/null, run as root) that
        // would put a regular file in its place.
        if (LinuxStatx.TryRead(full, LinuxStatx.NoFollow) is { } statx)
        {
            int type = LinuxStatx.FileType(statx);
            if (type is not (LinuxStatx.RegularFile or LinuxStatx.SymbolicLink))
                throw new OutputPathException($"cannot write {outputPath}: it is not a regular file (a device, FIFO or socket), and writing would replace it; give a file name");
            // The rename replaces a symbolic link itself: /dev/stdout (a link to /proc/self/fd/1) would become a
            // regular file, whatever stdout is (a terminal, a pipe, or a file it was redirected to).
            if (type == LinuxStatx.SymbolicLink && LinkTargetInProc(full) is { } process)
                throw new OutputPathException($"cannot write {outputPath}: it is a link to {process}, a process's open file (as /dev/stdout is), and writing would replace the link; give a file name");
            if (type == LinuxStatx.SymbolicLink && LinuxStatx.TryRead(full) is { } target && LinuxStatx.FileType(target) != LinuxStatx.RegularFile)
                throw new OutputPathException($"cannot write {outputPath}: it is a link to a device, FIFO or socket, and writing would replace the link; give a file name");
        }
        if (FileInTheWay(Path.GetDirectoryName(full)) is { } file)
            throw new OutputPathException($"cannot write {outputPath}: {file} is a file, not a folder");
    }

    /// <summary>Creates the folder that will hold <paramref name="outputPath"/>, after <see cref="CheckFile"/>.</summary>
    /// <exception cref="OutputPathException">Naming <paramref name="outputPath"/>: see <see cref="CheckFile"/>, or the folder cannot be created.</exception>
    public static void CreateFor(string outputPath)
    {
        CheckFile(outputPath);
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, $"cannot write {outputPath}");
    }

    /// <summary>Creates the folder <paramref name="folder"/> itself (an output that is a folder), refusing a file in the way.</summary>
    /// <exception cref="OutputPathException">Naming <paramref name="folder"/> and the file in the way, or why it cannot be created.</exception>
    public static void Create(string folder)
    {
        if (FileInTheWay(Path.GetFullPath(folder)) is { } file)
            throw new OutputPathException(file == Path.GetFullPath(folder)
                ? $"cannot create the folder {folder}: it is a file"
                : $"cannot create the folder {folder}: {file} is a file, not a folder");
        CreateDirectory(folder, $"cannot create the folder {folder}");
    }

    /// <summary>
    /// The error for a file that could not be created at <paramref name="stagedPath"/> (the hidden staging name) on
    /// the way to <paramref name="finalPath"/>: says why in words that name only the final path and its folder.
    /// </summary>
    internal static OutputPathException CannotCreate(string finalPath, string stagedPath, Exception e)
    {
        string folder = Path.GetDirectoryName(finalPath) ?? ".";
        string why = e switch
        {
            UnauthorizedAccessException => $"no permission to create files in {folder}",
            FileNotFoundException or DirectoryNotFoundException when Directory.Exists(folder) => $"{folder} does not take new files",
            DirectoryNotFoundException or FileNotFoundException => $"the folder {folder} does not exist",
            _ => e.Message.Replace(stagedPath, finalPath, StringComparison.Ordinal),
        };
        return new OutputPathException($"cannot write {finalPath}: {why}", e);
    }

    // The first path in the chain of symbolic links starting at full that lies under /proc (/dev/stdout ->
    // /proc/self/fd/1), or null. Stops at a dangling link or after 40 links (Linux's own limit).
    private static string? LinkTargetInProc(string full)
    {
        string current = full;
        for (int hops = 0; hops < 40; hops++)
        {
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            if (target is null) return null;
            current = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
            if (current == "/proc" || current.StartsWith("/proc/", StringComparison.Ordinal)) return current;
        }
        return null;
    }

    // The nearest ancestor-or-self of a full path that exists as a file, stopping at the first existing folder.
    private static string? FileInTheWay(string? path)
    {
        for (; path is not null; path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path)) return path;
            if (Directory.Exists(path)) return null;
        }
        return null;
    }

    private static void CreateDirectory(string folder, string what)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        // A full disk (or no inode left) stays what it is: every caller reports that with the space needed and free.
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException io && !DiskFullException.IsDiskFull(io)))
        {
            // Another process may have put a file in the way since the check; say so in the same words.
            throw new OutputPathException(e is UnauthorizedAccessException ? $"{what}: no permission to create the folder {folder}" : $"{what}: {e.Message}", e);
        }
    }
}
