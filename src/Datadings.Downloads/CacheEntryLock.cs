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

    /// <exception cref="IOException">The lock file cannot be created (a full disk), rather than waiting forever.</exception>
    public static async Task<CacheEntryLock> AcquireAsync(string lockPath, Action onWaiting, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var toldWaiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CacheEntryLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (IOException e) when (!LocalIo.IsDiskFull(e))
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

    public void Dispose() => _handle.Dispose();
}
