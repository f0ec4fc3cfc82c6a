using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// Passes on at most one progress report per interval (and every final one): operations report every few thousand
/// samples, far more often than a build log should show.
/// </summary>
internal sealed class ThrottledProgress(TimeSpan interval, Action<OperationProgress> report) : IProgress<OperationProgress>
{
    private readonly object _gate = new();
    private DateTime _next = DateTime.UtcNow + interval;

    public void Report(OperationProgress value)
    {
        lock (_gate)
        {
            bool final = value.Done >= value.Total;
            if (!final && DateTime.UtcNow < _next) return;
            _next = DateTime.UtcNow + interval;
        }
        report(value);
    }
}
