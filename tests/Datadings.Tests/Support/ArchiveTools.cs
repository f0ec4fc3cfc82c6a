using System.Diagnostics;

namespace Datadings.Tests.Support;

/// <summary>
/// Runs Debian's archivers (tar, gzip, bzip2, xz-utils, zstd, 7zip's 7zz) to make test archives the way users make
/// them. CI installs them (.ci/run); a missing tool fails the test rather than skipping it.
/// </summary>
internal static class ArchiveTools
{
    /// <summary>Runs <paramref name="tool"/> in <paramref name="workingDirectory"/> and fails with its output when it fails.</summary>
    public static void Run(string workingDirectory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
    }

    /// <summary>
    /// Packs the folder <paramref name="directory"/> (its contents, as <c>tar -C dir .</c> does, so names start with
    /// <c>./</c>) into <paramref name="archive"/>, compressed as its suffix says. 7z archives are solid unless
    /// <paramref name="solid"/> is false.
    /// </summary>
    public static string Pack(string directory, string archive, bool solid = true)
    {
        var name = Path.GetFileName(archive);
        if (name.EndsWith(".7z", StringComparison.Ordinal))
        {
            Run(directory, "7zz", "a", "-bd", solid ? "-ms=on" : "-ms=off", archive, ".");
            return archive;
        }
        var compression = name switch
        {
            _ when name.EndsWith(".tar.gz") || name.EndsWith(".tgz") => "--gzip",
            _ when name.EndsWith(".tar.bz2") => "--bzip2",
            _ when name.EndsWith(".tar.xz") => "--xz",
            _ when name.EndsWith(".tar.zst") => "--zstd",
            _ => null,
        };
        Run(directory, "tar", [.. compression is null ? [] : new[] { compression }, "-cf", archive, "-C", directory, "."]);
        return archive;
    }
}
