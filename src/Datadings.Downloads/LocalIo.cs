namespace Datadings.Downloads;

/// <summary>
/// Turns an I/O failure on this machine (the partial file, the move into the cache, the stamps, reading a local
/// source) into a <see cref="DownloadFailedException"/> of its own kind. Such a failure is never a network problem:
/// it is not retried and its message says what to free or fix.
/// </summary>
internal static class LocalIo
{
    // errno values (Linux, macOS) and Win32 error codes that mean "no space left".
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    public static bool IsDiskFull(IOException e)
    {
        if (OperatingSystem.IsWindows())
            return (e.HResult & 0xFFFF) is ErrorDiskFull or ErrorHandleDiskFull;
        // .NET on Unix puts the raw errno into HResult for errors it has no special exception type for.
        return e.HResult is Enospc or Edquot || (OperatingSystem.IsMacOS() && e.HResult == 69 /* EDQUOT on macOS */);
    }

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
