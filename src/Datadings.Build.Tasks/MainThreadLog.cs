using System.Collections.Concurrent;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks;

/// <summary>
/// Funnels log calls made on worker threads to the task's own thread: MSBuild's logging helpers are not
/// meant to be called concurrently, and never after Execute has returned.
/// </summary>
internal sealed class MainThreadLog(TaskLoggingHelper log)
{
    private readonly BlockingCollection<Action<TaskLoggingHelper>> _pending = new();

    public void Post(Action<TaskLoggingHelper> write) => _pending.Add(write);

    /// <summary>Writes posted entries on the calling thread until <paramref name="work"/> ends, then the rest.</summary>
    public void PumpUntil(System.Threading.Tasks.Task work)
    {
        while (!work.IsCompleted)
        {
            if (_pending.TryTake(out var write, TimeSpan.FromMilliseconds(50)))
                write(log);
        }
        while (_pending.TryTake(out var write))
            write(log);
    }
}
