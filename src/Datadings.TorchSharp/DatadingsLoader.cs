using Datadings.Augments;
using Datadings.Reading;

namespace Datadings.TorchSharp;

/// <summary>
/// An iterable dataset with a data loader's job (Python datadings' <c>IterableDataset</c> + PyTorch's DataLoader):
/// each enumeration is one epoch of batches in the order an <see cref="EpochOrderAugment"/> gives for that epoch
/// (<see cref="Shuffler"/>, <see cref="QuasiShuffler"/>, a rank's share of a <see cref="DistributedShuffler"/>), of any
/// other <see cref="Augment"/>, or in reader order. Every sample passes through the transform with a
/// <see cref="SampleRandom"/> fixed by (seed, epoch, reader index), and <see cref="Workers"/> threads prepare whole batches ahead, handed out in order: the batches
/// are identical for every worker count.
/// </summary>
/// <remarks>
/// Epochs: the first enumeration is <see cref="Epoch"/> (0 unless set, e.g. when resuming); each complete
/// enumeration advances it, like PyTorch's <c>set_epoch</c> done for you. Tensors are created on the enumerating
/// thread; dispose each batch (or use <c>torch.NewDisposeScope()</c>).
/// </remarks>
public sealed class DatadingsLoader : IEnumerable<TensorBatch>
{
    private readonly Func<long, int[]> _orderOf;

    /// <summary>Batches in the order <paramref name="order"/> gives per epoch.</summary>
    public DatadingsLoader(EpochOrderAugment order, int batchSize, SampleAugmentation? transform = null, long seed = 0,
        int workers = 0, bool dropLast = false, string? datasetName = null)
        : this(order.Reader, order.OrderOf, batchSize, transform, seed, workers, dropLast, datasetName) { }

    /// <summary>
    /// Batches in the order of any other augment (<see cref="SampleRange"/>, <see cref="Repeater"/>,
    /// <see cref="Cycler"/>, your own): epoch e is the augment's positions e × Count … (e + 1) × Count − 1, so a
    /// <see cref="Cycler"/> gives one pass of its reader per epoch. The loader seeks the augment on each enumeration:
    /// do not iterate it elsewhere at the same time.
    /// </summary>
    public DatadingsLoader(Augment augment, int batchSize, SampleAugmentation? transform = null, long seed = 0,
        int workers = 0, bool dropLast = false, string? datasetName = null)
        : this(augment.Reader, epoch => PassOf(augment, epoch), batchSize, transform, seed, workers, dropLast, datasetName) { }

    /// <summary>Batches in reader order, every epoch.</summary>
    public DatadingsLoader(ISampleReader reader, int batchSize, SampleAugmentation? transform = null, long seed = 0,
        int workers = 0, bool dropLast = false, string? datasetName = null)
        : this(reader, _ => Enumerable.Range(0, reader.Count).ToArray(), batchSize, transform, seed, workers, dropLast, datasetName) { }

    private DatadingsLoader(ISampleReader reader, Func<long, int[]> orderOf, int batchSize, SampleAugmentation? transform,
        long seed, int workers, bool dropLast, string? datasetName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        Reader = reader;
        _orderOf = orderOf;
        BatchSize = batchSize;
        Transform = transform;
        Seed = seed;
        Workers = workers;
        DropLast = dropLast;
        DatasetName = datasetName ?? DatasetNames.Of(reader);
    }

    public ISampleReader Reader { get; }
    public int BatchSize { get; }
    public SampleAugmentation? Transform { get; }
    public long Seed { get; }

    /// <summary>Threads preparing batches ahead (0: prepare each batch on the enumerating thread when asked).</summary>
    public int Workers { get; }

    public bool DropLast { get; }

    /// <summary>Named in errors.</summary>
    public string DatasetName { get; }

    /// <summary>The epoch the next enumeration yields.</summary>
    public long Epoch { get; set; }

    /// <summary>One epoch's batches; completing it advances <see cref="Epoch"/>.</summary>
    public IEnumerator<TensorBatch> GetEnumerator()
    {
        long epoch = Epoch;
        int[] order = _orderOf(epoch);
        int batches = DropLast ? order.Length / BatchSize : (order.Length + BatchSize - 1) / BatchSize;
        int[] Slice(int b) => order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();

        if (Workers == 0)
        {
            for (int b = 0; b < batches; b++)
            {
                var indices = Slice(b);
                yield return new TensorBatch(epoch, indices, Prepare(indices, epoch));
            }
        }
        else
        {
            // Up to Workers batches in flight, each on its own thread-pool task; consumed strictly in order.
            var pending = new Queue<(int[] Indices, Task<Batch> Work)>();
            using var cancel = new CancellationTokenSource();
            int next = 0;
            try
            {
                for (int b = 0; b < batches; b++)
                {
                    while (next < batches && pending.Count < Workers)
                    {
                        var indices = Slice(next++);
                        pending.Enqueue((indices, Task.Run(() => Prepare(indices, epoch, cancel.Token))));
                    }
                    var (done, work) = pending.Dequeue();
                    Batch batch;
                    try
                    {
                        batch = work.GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException) { yield break; }
                    yield return new TensorBatch(epoch, done, batch);
                }
            }
            finally
            {
                cancel.Cancel(); // an abandoned enumeration stops the workers' remaining batches
                foreach (var (_, work) in pending)
                    try { work.Wait(); } catch (AggregateException) { }
            }
        }
        Epoch = epoch + 1;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static int[] PassOf(Augment augment, long epoch)
    {
        int count = checked((int)augment.Count);
        augment.Seek(epoch * count);
        return augment.Indices().Take(count).ToArray();
    }

    /// <summary>The samples at <paramref name="indices"/>, transformed for <paramref name="epoch"/>, collated.</summary>
    public Batch Prepare(IReadOnlyList<int> indices, long epoch, CancellationToken cancel = default)
    {
        var samples = new Sample[indices.Count];
        for (int i = 0; i < samples.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            samples[i] = SampleTransformer.Apply(Reader, indices[i], Transform, Seed, epoch, DatasetName);
        }
        return Batching.Collate(samples);
    }
}
