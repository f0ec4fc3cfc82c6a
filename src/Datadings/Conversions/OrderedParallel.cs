using System.Runtime.ExceptionServices;

namespace Datadings.Conversions;

/// <summary>
/// Maps a sequence through a CPU-heavy function on several threads while yielding the results in input order.
/// At most <c>window</c> items are in flight, so memory stays bounded however long the input is; the input is
/// enumerated on the consumer's thread (source readers need not be thread-safe). Items are handed to the threads in
/// small batches (a quarter of a thread's share of the window) so that per-task overhead stays small next to
/// per-item work of tens of microseconds (a 28×28 PNG).
/// </summary>
public static class OrderedParallel
{
    /// <param name="degree">Threads mapping at once; 1 maps inline on the calling thread (no tasks at all).</param>
    /// <param name="window">Items read ahead of the one being yielded; defaults to <see cref="DefaultWindowPerThread"/> × <paramref name="degree"/>.</param>
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
        return Pipelined(source, map, degree, window > 0 ? window : DefaultWindowPerThread * degree, cancellationToken);
    }

    /// <summary>Items in flight per thread by default: enough that a thread descheduled on a busy machine does not stall the rest.</summary>
    public const int DefaultWindowPerThread = 32;

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
        int batchSize = Math.Max(1, window / (4 * degree));
        // A scheduler that never runs more than `degree` of our tasks at once, whatever the thread pool's size.
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, degree).ConcurrentScheduler;
        var factory = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskContinuationOptions.None, scheduler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<(TResult[], int, ExceptionDispatchInfo?)>>();
        int itemsInFlight = 0;
        using var items = source.GetEnumerator();
        try
        {
            bool more = true;
            while (true)
            {
                while (more && itemsInFlight < window)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    var batch = new TSource[Math.Min(batchSize, window - itemsInFlight)];
                    int count = 0;
                    while (count < batch.Length && (more = items.MoveNext())) batch[count++] = items.Current;
                    if (count == 0) break;
                    itemsInFlight += count;
                    inFlight.Enqueue(factory.StartNew(() => MapBatch(batch, count, map, stop.Token), stop.Token));
                }
                if (inFlight.Count == 0) yield break;
                var (results, mapped, failure) = Result(inFlight.Dequeue());
                itemsInFlight -= results.Length;
                for (int i = 0; i < mapped; i++) yield return results[i];
                // The items before a failing one in its batch were yielded, as they would be without batches.
                failure?.Throw();
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

    /// <summary>Maps a batch up to its first failure: the results, how many were mapped, and the failure if any.</summary>
    private static (TResult[] Results, int Mapped, ExceptionDispatchInfo? Failure) MapBatch<TSource, TResult>(
        TSource[] batch, int count, Func<TSource, TResult> map, CancellationToken stop)
    {
        var results = new TResult[count];
        for (int i = 0; i < count; i++)
        {
            stop.ThrowIfCancellationRequested();
            try
            {
                results[i] = map(batch[i]);
            }
            catch (Exception e)
            {
                return (results, i, ExceptionDispatchInfo.Capture(e));
            }
        }
        return (results, count, null);
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
