
namespace Datadings.Writing;

/// <summary>
/// Writing <see cref="Path"/> failed because its volume is full (ENOSPC, EDQUOT; ERROR_DISK_FULL on Windows).
/// <see cref="BytesNeeded"/> is a lower bound: what the write had produced when space ran out, plus what it was
/// about to write. Everything staged was deleted before this was thrown.
/// </summary>
public sealed class DiskFullException : IOException
{
    public DiskFullException(string path, long bytesNeeded, IOException inner)
        : this(path, bytesNeeded, FreeSpaceOf(path), inner)
    {
    }

    private DiskFullException(string path, long bytesNeeded, long? freeBytes, IOException inner)
        : base(Describe(path, bytesNeeded, freeBytes), inner)
    {
        Path = path;
        BytesNeeded = bytesNeeded;
        FreeBytes = freeBytes;
    }

    public string Path { get; }

    /// <summary>At least this many bytes are needed to write <see cref="Path"/>.</summary>
    public long BytesNeeded { get; }

    /// <summary>Free bytes on the volume when the write failed (null if the volume cannot be asked).</summary>
    public long? FreeBytes { get; }

    /// <summary>True for the I/O errors that mean "no space left" (or "quota exceeded") on this OS.</summary>
    public static bool IsDiskFull(Exception e) => e is IOException io and not DiskFullException && (
        OperatingSystem.IsWindows() ? (io.HResult & 0xFFFF) is 0x70 /* ERROR_DISK_FULL */ or 0x27 /* ERROR_HANDLE_DISK_FULL */
        : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? io.HResult is 28 /* ENOSPC */ or 69 /* EDQUOT */
        : io.HResult is 28 /* ENOSPC */ or 122 /* EDQUOT */);

    private static string Describe(string path, long bytesNeeded, long? free) =>
        $"The disk is full: writing {path} needs at least {ByteSizes.Exact(bytesNeeded)} ({ByteSizes.Format(bytesNeeded)})"
            + (free is { } f ? $", and only {ByteSizes.Format(f)} {(f == 1 ? "is" : "are")} free on its volume" : "")
            + ". Free some space (or write elsewhere) and try again.";

    private static long? FreeSpaceOf(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            return directory is null ? null : new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
