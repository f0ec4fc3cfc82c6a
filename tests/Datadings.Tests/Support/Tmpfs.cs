using System.Diagnostics;

namespace Datadings.Tests.Support;

/// <summary>
/// A small, really full-able file system (tmpfs) mounted for one test, so "disk full" is the kernel's ENOSPC and not
/// a simulation. Needs Linux and the right to mount (root, as in CI); tests using it are skipped with the reason otherwise.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private static readonly Lazy<string?> WhyNot = new(ProbeMount);

    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, else why not.</summary>
    public static string? Unavailable => WhyNot.Value;

    /// <param name="inodes">Files and folders the file system can hold (the root counts): "full" without being out of bytes.</param>
    public static Tmpfs Mount(string path, int megabytes, int? inodes = null)
    {
        Directory.CreateDirectory(path);
        var error = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m" + (inodes is { } n ? $",nr_inodes={n}" : ""), "tmpfs", path);
        if (error is not null)
            throw new InvalidOperationException("mount failed: " + error);
        return new Tmpfs(path);
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static string? ProbeMount()
    {
        if (!OperatingSystem.IsLinux())
            return "tmpfs needs Linux";
        var probe = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dd-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(probe);
        try
        {
            var error = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe);
            if (error is not null)
                return "mounting a tmpfs is not permitted here (" + error + ")";
            Run("umount", probe);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static string? Run(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{program} exited {process.ExitCode}: {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{program}: {e.Message}";
        }
    }
}

/// <summary>A fact that needs <see cref="Tmpfs"/>: skipped, with the reason, where mounting is not permitted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason)
            Skip = reason;
    }
}
