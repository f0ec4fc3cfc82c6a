namespace Datadings.Downloads;

/// <summary>
/// Turns an I/O failure on this machine (the partial file, the move into the cache, the stamps, reading a local
/// source) into a <see cref="DownloadFailedException"/> of its own kind. Such a failure is never a network problem:
/// it is not retried and its message says what to free or fix.
/// </summary>
internal static class LocalIo
{
    /// <summary>"No space left" (or quota exceeded) on this OS: the core's one definition, shared with the dataset writer.</summary>
    public static bool IsDiskFull(IOException e) => Datadings.Writing.DiskFullException.IsDiskFull(e);

    /// <param name="doing">What was being done, e.g. "writing the partial download".</param>
    /// <param name="bytesNeeded">How many bytes the file being written needs in all, when known.</param>
    public static DownloadFailedException Failure(Exception e, string sourceName, string path, string doing, long? bytesNeeded = null)
    {
        if (e is IOException io && IsDiskFull(io))
        {
            var needed = bytesNeeded is > 0 and var n ? $"; it needs {ByteSizes.Format(n)} in all" : "";
            return new DownloadFailedException(DownloadFailure.LocalDiskFull, sourceName,
                $"The disk is full: {doing} '{path}' for source '{sourceName}' failed (no space left on the device{needed}, {FreeSpace(path)} free at that moment). "
                + "This is not a network problem and was not retried. Free some space, or point DatadingsCacheDir (or $DATADINGS_CACHE) at a larger disk, then build again.",
                path, e);
        }
        return new DownloadFailedException(DownloadFailure.LocalIoError, sourceName,
            $"Local I/O error while {doing} '{path}' for source '{sourceName}': {e.Message} "
            + "This is a problem of this machine's disk or permissions, not of the network, and was not retried. Check the disk and the folder's permissions.",
            path, e);
    }

    public static bool IsLocalFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    private static string FreeSpace(string path)
    {
        try
        {
            var root = Path.GetPathRoot(Path.GetFullPath(path));
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            // DriveInfo on Unix takes any path on the mount and reports that file system.
            return ByteSizes.Format(new DriveInfo(OperatingSystem.IsWindows() ? root! : directory!).AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return "unknown space";
        }
    }
}
