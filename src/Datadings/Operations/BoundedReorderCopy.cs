using System.Runtime.ExceptionServices;
using Datadings.Reading;
using Datadings.Writing;
using Microsoft.Win32.SafeHandles;

namespace Datadings.Operations;

/// <summary>
/// Copies the samples of a dataset into a new order with a bounded amount of memory, whatever the dataset's size.
/// </summary>
/// <remarks>
/// Reading in shuffled order through the memory map would touch every page of the data file, and mapped pages count
/// towards the process's resident set: a 100 GB shuffle would look like a 100 GB process. Instead the output order
/// is cut into windows whose samples fit half the budget; each window's samples are read with plain positional
/// reads in ascending file order (adjacent samples in one read) into a buffer, then written in output order with
/// gathered writes straight from that buffer (each byte is copied once in user space, not twice). MD5 of the output
/// is the slowest step, so it runs on another thread over the previous window (the other half of the budget) while
/// this window is read and written. Reads go through the page cache, which the kernel can reclaim, not through our
/// address space. A sample larger than half the budget gets a window, and a buffer, of its own.
/// </remarks>
internal static class BoundedReorderCopy
{
    public static void Copy(DatasetReader reader, IReadOnlyList<int> order, DatasetWriter writer, long memoryBudget, OperationContext context)
    {
        if (memoryBudget < 1) throw new ArgumentOutOfRangeException(nameof(memoryBudget), memoryBudget, "the memory budget must be at least one byte");
        long windowBudget = Math.Max(1, memoryBudget / 2);
        using var data = File.OpenHandle(reader.Paths.Data, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[][] buffers = [[], []];
        Task hashing = Task.CompletedTask;
        try
        {
            int done = 0;
            for (int turn = 0; done < order.Count; turn ^= 1)
            {
                int end = WindowEnd(reader, order, done, windowBudget, out long windowBytes);
                // This buffer was last used two windows ago, and that window's hashing ended before the previous one's began.
                if (buffers[turn].Length < windowBytes)
                {
                    buffers[turn] = []; // let the old buffer go before the larger one is allocated
                    buffers[turn] = GC.AllocateUninitializedArray<byte>(checked((int)windowBytes));
                }
                var slices = ReadWindow(data, reader, order, done, end, buffers[turn], context.CancellationToken);
                var keys = new string[end - done];
                for (int k = done; k < end; k++) keys[k - done] = reader.GetKey(order[k]);
                var hashed = writer.WriteRawGathered(keys, slices);
                Wait(hashing);
                hashing = hashed;
                for (int k = done; k < end; k++) context.Advance(writer, k + 1, order.Count);
                done = end;
            }
            Wait(hashing);
        }
        finally
        {
            // Never leave a hashing thread running into a writer that is about to be disposed.
            try { hashing.Wait(); }
            catch (AggregateException) { /* rethrown above, or an earlier failure is on its way */ }
        }
    }

    private static void Wait(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>The end of the window starting at <paramref name="start"/>: as many samples as fit the budget, at least one.</summary>
    private static int WindowEnd(DatasetReader reader, IReadOnlyList<int> order, int start, long budget, out long bytes)
    {
        bytes = Length(reader, order[start]);
        int end = start + 1;
        while (end < order.Count)
        {
            long next = Length(reader, order[end]);
            if (bytes + next > budget || bytes + next > Array.MaxLength) break;
            bytes += next;
            end++;
        }
        return end;
    }

    /// <summary>
    /// Reads the samples <c>order[start..end]</c> into the buffer in ascending file order (consecutive indices are
    /// adjacent in the file, so a run of them is one read); returns each sample's bytes in output order.
    /// </summary>
    private static ReadOnlyMemory<byte>[] ReadWindow(SafeFileHandle data, DatasetReader reader, IReadOnlyList<int> order, int start, int end,
        byte[] buffer, CancellationToken cancellationToken)
    {
        int n = end - start;
        var sorted = new int[n];
        var outputSlot = new int[n];
        for (int k = 0; k < n; k++)
        {
            sorted[k] = order[start + k];
            outputSlot[k] = k;
        }
        Array.Sort(sorted, outputSlot);

        var slices = new ReadOnlyMemory<byte>[n];
        int position = 0;
        int run = 0;
        while (run < n)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int runEnd = run + 1;
            while (runEnd < n && sorted[runEnd] == sorted[runEnd - 1] + 1) runEnd++;
            int runStart = position;
            for (int i = run; i < runEnd; i++)
            {
                int length = Length(reader, sorted[i]);
                slices[outputSlot[i]] = new ReadOnlyMemory<byte>(buffer, position, length);
                position += length;
            }
            ReadExactly(data, reader.OffsetOf(sorted[run]), buffer.AsSpan(runStart, position - runStart));
            run = runEnd;
        }
        return slices;
    }

    private static void ReadExactly(SafeFileHandle data, long fileOffset, Span<byte> target)
    {
        while (!target.IsEmpty)
        {
            int read = RandomAccess.Read(data, target, fileOffset);
            if (read == 0) throw new EndOfStreamException($"the data file ended before byte offset {fileOffset + target.Length}");
            target = target[read..];
            fileOffset += read;
        }
    }

    private static int Length(DatasetReader reader, int index) =>
        checked((int)((index + 1 < reader.Count ? reader.OffsetOf(index + 1) : reader.DataLength) - reader.OffsetOf(index)));
}
