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
/// is cut into windows whose samples fit the budget; each window's samples are read with plain positional reads
/// in ascending file order (adjacent samples in one read) into one reused buffer, then written in output order.
/// Reads go through the page cache, which the kernel can reclaim, not through our address space. A sample larger
/// than the budget gets a window, and a buffer, of its own.
/// </remarks>
internal static class BoundedReorderCopy
{
    public static void Copy(DatasetReader reader, IReadOnlyList<int> order, DatasetWriter writer, long memoryBudget, OperationContext context)
    {
        if (memoryBudget < 1) throw new ArgumentOutOfRangeException(nameof(memoryBudget), memoryBudget, "the memory budget must be at least one byte");
        using var data = File.OpenHandle(reader.Paths.Data, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] buffer = [];
        int done = 0;
        while (done < order.Count)
        {
            int end = WindowEnd(reader, order, done, memoryBudget, out long windowBytes);
            if (buffer.Length < windowBytes) buffer = GC.AllocateUninitializedArray<byte>(checked((int)windowBytes));

            int[] sorted = new int[end - done];
            for (int k = done; k < end; k++) sorted[k - done] = order[k];
            Array.Sort(sorted);
            int[] bufferOffsets = ReadSorted(data, reader, sorted, buffer, context.CancellationToken);

            for (int k = done; k < end; k++)
            {
                int index = order[k];
                int slot = Array.BinarySearch(sorted, index);
                writer.WriteRaw(reader.GetKey(index), buffer.AsSpan(bufferOffsets[slot], Length(reader, index)));
                context.Advance(writer, k + 1, order.Count);
            }
            done = end;
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

    /// <summary>Reads the samples at ascending indices into the buffer back to back; returns where each starts.</summary>
    private static int[] ReadSorted(SafeFileHandle data, DatasetReader reader, int[] sorted, byte[] buffer, CancellationToken cancellationToken)
    {
        var offsets = new int[sorted.Length];
        int position = 0;
        int run = 0;
        while (run < sorted.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Consecutive indices are adjacent in the file and, laid out in this order, in the buffer: one read.
            int runEnd = run + 1;
            while (runEnd < sorted.Length && sorted[runEnd] == sorted[runEnd - 1] + 1) runEnd++;
            int runStart = position;
            for (int i = run; i < runEnd; i++)
            {
                offsets[i] = position;
                position += Length(reader, sorted[i]);
            }
            ReadExactly(data, reader.OffsetOf(sorted[run]), buffer.AsSpan(runStart, position - runStart));
            run = runEnd;
        }
        return offsets;
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
