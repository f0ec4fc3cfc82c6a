namespace Datadings.Downloads;

/// <summary>
/// Cross-process exclusive lock for one cache entry, so two builds needing the same source at once do not
/// download it twice or write the same partial file.
/// </summary>
/// <remarks>
/// The lock is an open <see cref="FileShare.None"/> handle (an OS-level lock: flock on Unix, share mode on
/// Windows) rather than a file that exists-while-locked: the OS drops it when a build crashes or is killed,
/// so a stale lock can never block later builds. The lock file itself is left in place on purpose —
/// deleting it while another process waits on it would let two holders lock two different files.
/// </remarks>
public sealed class CacheEntryLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _handle;

    private CacheEntryLock(FileStream handle) => _handle = handle;

    /// <exception cref="IOException">The lock file cannot be created or opened for another reason than another holder (a full disk, EIO), rather than waiting forever.</exception>
    public static async Task<CacheEntryLock> AcquireAsync(string lockPath, Action onWaiting, CancellationToken cancellationToken)
    {
        // A file where a folder of the cache should be is named as such (not "could not find a part of the path").
        Datadings.Writing.OutputFolder.CreateFor(lockPath);
        var toldWaiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CacheEntryLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                // Held by another build (or another task of this one): wait for it to finish.
                if (!toldWaiting)
                {
                    onWaiting();
                    toldWaiting = true;
                }
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Contention, not failure: EWOULDBLOCK from flock on Unix (.NET puts the errno in HResult: 11 on Linux, 35 on
    /// macOS), a sharing or lock violation on Windows. Anything else (ENOSPC, EIO) must fail, not wait forever.
    /// </summary>
    private static bool IsHeldByAnother(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 0x20 or 0x21
        : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _handle.Dispose();
}
