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

    /// <summary>Device, inode and status-change time from statx (one layout on every Linux architecture).</summary>
    private static string? LinuxStatx(string path)
    {
        if (Datadings.Writing.LinuxStatx.TryRead(path) is not { } statx)
            return null; // musl without statx, or a very old glibc: fall back to size and mtime
        var (devMajor, devMinor) = Datadings.Writing.LinuxStatx.Device(statx);
        var (ctimeSeconds, ctimeNanos) = Datadings.Writing.LinuxStatx.ChangeTime(statx);
        return string.Create(CultureInfo.InvariantCulture, $"dev={devMajor}:{devMinor} ino={Datadings.Writing.LinuxStatx.Inode(statx)} ctime={ctimeSeconds}.{ctimeNanos:000000000}");
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
