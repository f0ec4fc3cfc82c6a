using System.Runtime.ExceptionServices;

namespace Datadings.Conversions;

/// <summary>
/// Maps a sequence through a CPU-heavy function on several threads while yielding the results in input order.
/// At most <c>window</c> items are in flight, so memory stays bounded however long the input is; the input is
/// enumerated on the consumer's thread (source readers need not be thread-safe).
/// </summary>
public static class OrderedParallel
{
    /// <param name="degree">Threads mapping at once; 1 maps inline on the calling thread (no tasks at all).</param>
    /// <param name="window">Items read ahead of the one being yielded; defaults to 4 × <paramref name="degree"/>.</param>
    public static IEnumerable<TResult> Select<TSource, TResult>(
        IEnumerable<TSource> source,
        Func<TSource, TResult> map,
        int degree,
        int window = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        if (degree <= 1)
            return Inline(source, map, cancellationToken);
        return Pipelined(source, map, degree, window > 0 ? window : 4 * degree, cancellationToken);
    }

    private static IEnumerable<TResult> Inline<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map, CancellationToken cancellationToken)
    {
        foreach (var item in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return map(item);
        }
    }

    private static IEnumerable<TResult> Pipelined<TSource, TResult>(
        IEnumerable<TSource> source, Func<TSource, TResult> map, int degree, int window, CancellationToken cancellationToken)
    {
        // A scheduler that never runs more than `degree` of our tasks at once, whatever the thread pool's size.
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, degree).ConcurrentScheduler;
        var factory = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskContinuationOptions.None, scheduler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<TResult>>(window);
        using var items = source.GetEnumerator();
        try
        {
            bool more = true;
            while (true)
            {
                while (more && inFlight.Count < window)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    if (!(more = items.MoveNext())) break;
                    var item = items.Current;
                    inFlight.Enqueue(factory.StartNew(() =>
                    {
                        stop.Token.ThrowIfCancellationRequested();
                        return map(item);
                    }, stop.Token));
                }
                if (inFlight.Count == 0) yield break;
                yield return Result(inFlight.Dequeue());
            }
        }
        finally
        {
            // Stopped early (consumer broke off, an item failed, cancellation): cancel what has not started and
            // wait for what is running, so no work outlives the enumeration.
            stop.Cancel();
            foreach (var pending in inFlight)
            {
                try { pending.Wait(CancellationToken.None); }
                catch (AggregateException) { /* the first failure was already rethrown, or we are cancelling */ }
            }
        }
    }

    private static TResult Result<TResult>(Task<TResult> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
