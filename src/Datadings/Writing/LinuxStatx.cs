using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Datadings.Writing;

/// <summary>
/// Linux <c>statx(2)</c>, for what .NET's file APIs do not say: a file's type (device, FIFO) and its inode and
/// status-change time. <c>struct statx</c> has one layout on every Linux architecture (unlike <c>struct stat</c>),
/// so the offsets below hold everywhere. Source-generated (<c>LibraryImport</c>): no run-time marshalling, so it
/// works in the Native AOT tool too.
/// </summary>
internal static partial class LinuxStatx
{
    private const int AtFdCwd = -100;

    /// <summary>AT_SYMLINK_NOFOLLOW: describe a symbolic link itself, not its target.</summary>
    public const int NoFollow = 0x100;

    private const uint BasicStats = 0x7ff;
    private const int Size = 256;

    /// <summary>S_IFMT and the types an output may replace.</summary>
    public const int TypeMask = 0xF000, RegularFile = 0x8000, SymbolicLink = 0xA000;

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// The raw <c>struct statx</c> of <paramref name="path"/>; null off (little-endian) Linux, where the call is
    /// missing (musl without statx, a very old glibc) or when it fails (no such file).
    /// </summary>
    public static unsafe byte[]? TryRead(string path, int flags = 0)
    {
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian) return null;
        var buffer = new byte[Size];
        try
        {
            fixed (byte* p = buffer)
                if (Statx(AtFdCwd, path, flags, BasicStats, p) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return buffer;
    }

    /// <summary>The file type bits of <c>stx_mode</c> (compare with <see cref="RegularFile"/> …).</summary>
    public static int FileType(ReadOnlySpan<byte> statx) => BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & TypeMask;

    public static ulong Inode(ReadOnlySpan<byte> statx) => BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);

    /// <summary><c>stx_ctime</c>: seconds and nanoseconds.</summary>
    public static (long Seconds, uint Nanoseconds) ChangeTime(ReadOnlySpan<byte> statx) =>
        (BinaryPrimitives.ReadInt64LittleEndian(statx[96..]), BinaryPrimitives.ReadUInt32LittleEndian(statx[104..]));

    /// <summary><c>stx_dev_major</c>, <c>stx_dev_minor</c>: the device holding the file.</summary>
    public static (uint Major, uint Minor) Device(ReadOnlySpan<byte> statx) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]), BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]));
}
