using System.Diagnostics;

namespace Datadings.Tests.Support;

/// <summary>Runs only where a tmpfs can be mounted (Linux, as root: CI runs as root); skipped with the reason otherwise.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "a real full disk is a tmpfs, which needs Linux";
        else if (Environment.UserName != "root") Skip = $"mounting a tmpfs (a real full disk) needs root; running as {Environment.UserName}";
    }
}

/// <summary>A real small filesystem (tmpfs), so a full disk is a real ENOSPC. Needs root (or CAP_SYS_ADMIN).</summary>
public static class Tmpfs
{
    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "20m") at <paramref name="directory"/>; null on success, else why not.</summary>
    public static string? TryMount(string directory, string size)
    {
        Directory.CreateDirectory(directory);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory);
        return code == 0 ? null : $"cannot mount a tmpfs at {directory} (mount exited {code}: {output.Trim()})";
    }

    public static void Unmount(string directory) => Run("umount", directory);

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in arguments) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
