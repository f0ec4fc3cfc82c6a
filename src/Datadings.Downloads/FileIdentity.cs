using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Datadings.Downloads;

/// <summary>
/// What says that a file is still the one whose MD5 was checked, beyond size and mtime (which <c>cp -p</c>,
/// <c>rsync -t</c>, <c>touch -d</c> and coarse clocks restore or keep): the status-change time and inode on Linux
/// (any write, chmod or rename moves ctime to "now", and nobody can set it back), the change time and file id on
/// Windows. Elsewhere, or where the system call is missing, only size and mtime are known.
/// </summary>
internal static class FileIdentity
{
    /// <summary>A one-line description of the file as it is now; equal strings mean "not changed since".</summary>
    public static string Describe(FileInfo file)
    {
        var basic = string.Create(CultureInfo.InvariantCulture, $"size={file.Length} mtime={file.LastWriteTimeUtc.Ticks}");
        var extra = OperatingSystem.IsLinux() ? LinuxStatx(file.FullName)
            : OperatingSystem.IsWindows() ? WindowsFileId(file.FullName)
            : null;
        return extra is null ? basic : basic + " " + extra;
    }

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>struct statx has one layout on every Linux architecture (unlike struct stat).</summary>
    private static string? LinuxStatx(string path)
    {
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
                return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // musl without statx, or a very old glibc: fall back to size and mtime
        }
        var span = buffer.AsSpan();
        var ino = BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        var ctimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(span[96..]);
        var ctimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(span[104..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(span[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(span[140..]);
        if (!BitConverter.IsLittleEndian)
            return null; // the offsets above are read little-endian; big-endian Linux is not a target
        return string.Create(CultureInfo.InvariantCulture, $"dev={devMajor}:{devMinor} ino={ino} ctime={ctimeSeconds}.{ctimeNanos:000000000}");
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool GetFileInformationByHandle(SafeFileHandle handle, byte[] information);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool GetFileInformationByHandleEx(SafeFileHandle handle, int informationClass, byte[] information, int size);

    /// <summary>BY_HANDLE_FILE_INFORMATION (volume serial and file index) and FILE_BASIC_INFO.ChangeTime.</summary>
    private static string? WindowsFileId(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var byHandle = new byte[52];
            var basic = new byte[40];
            if (!GetFileInformationByHandle(handle, byHandle) || !GetFileInformationByHandleEx(handle, 0 /* FileBasicInfo */, basic, basic.Length))
                return null;
            var volume = BinaryPrimitives.ReadUInt32LittleEndian(byHandle.AsSpan(28));
            var index = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(byHandle.AsSpan(44)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(byHandle.AsSpan(48));
            var changeTime = BinaryPrimitives.ReadInt64LittleEndian(basic.AsSpan(24));
            return string.Create(CultureInfo.InvariantCulture, $"volume={volume} id={index} ctime={changeTime}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
