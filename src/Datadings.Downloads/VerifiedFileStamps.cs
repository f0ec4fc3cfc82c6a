using System.Security.Cryptography;
using System.Text;

namespace Datadings.Downloads;

/// <summary>
/// Remembers (path, identity, md5) of files whose MD5 was checked, one small file per path, so a file is never
/// hashed again while it is unchanged. This is what makes a no-op build of a dataset with 100 GB of sources take
/// milliseconds instead of minutes. "Unchanged" is more than size and mtime (see <see cref="FileIdentity"/>): a
/// same-size edit with the old mtime put back would otherwise be trusted and converted without its MD5 matching.
/// </summary>
public sealed class VerifiedFileStamps(string directory)
{
    private const string FormatVersion = "datadings-verified-file 2";

    public string Directory { get; } = directory;

    /// <summary>True when <paramref name="path"/> was verified to have <paramref name="md5"/> and has not changed since.</summary>
    public bool IsVerified(string path, string md5)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return false;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(StampPath(file.FullName));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        // Stamps of the older (path, size, mtime, md5) form have 4 lines: never trusted, so the file is hashed once more.
        return lines.Length == 4
            && lines[0] == FormatVersion
            && lines[1] == file.FullName
            && string.Equals(lines[3], md5, StringComparison.OrdinalIgnoreCase)
            && lines[2] == FileIdentity.Describe(file);
    }

    /// <summary>Records that <paramref name="path"/>, as it is now on disk, has <paramref name="md5"/>.</summary>
    public void Record(string path, string md5)
    {
        var file = new FileInfo(path);
        System.IO.Directory.CreateDirectory(Directory);
        var stampPath = StampPath(file.FullName);
        var content = string.Join('\n', FormatVersion, file.FullName, FileIdentity.Describe(file), md5.ToLowerInvariant()) + "\n";
        // Write-then-rename so a concurrent reader sees the old stamp or the new one, never half of one.
        var temp = stampPath + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, stampPath, overwrite: true);
        }
        catch
        {
            // A full disk must not leave half-written stamp files behind.
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    public void Forget(string path)
    {
        try
        {
            File.Delete(StampPath(Path.GetFullPath(path)));
        }
        catch (IOException)
        {
            // A stamp we cannot delete only costs a re-hash later, it is never trusted for a changed file.
        }
    }

    private string StampPath(string fullPath)
    {
        // The path is hashed only to get a short, file-system-safe name; the stamp stores the path itself.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..32];
        return Path.Combine(Directory, key + ".stamp");
    }
}
