using System.Buffers;
using Datadings.Hashing;
using Datadings.IndexFiles;
using Datadings.Msgpack;

namespace Datadings.Writing;

/// <summary>
/// Writes a dataset: samples into the data file, then on <see cref="Complete"/> the index files
/// <c>.offsets</c>, <c>.keys</c>, <c>.key_hashes</c>, <c>.filter</c> and <c>.md5</c>, byte-identical to the
/// Python reference's FileWriter/RawWriter for the same samples.
/// </summary>
/// <remarks>
/// Writing is all-or-nothing: files are staged under temporary names and appear under their final names only
/// when <see cref="Complete"/> succeeds. Disposing a writer that was not completed (e.g. after an exception)
/// discards everything it wrote.
/// <code>
/// using var writer = new DatasetWriter("train.msgpack");
/// writer.Write(new Sample("0") { ["label"] = 3L });
/// writer.Complete();
/// </code>
/// </remarks>
public sealed class DatasetWriter : IDisposable
{
    private readonly DatasetWriterOptions _options;
    private readonly StagedFiles _staged = new();
    private readonly FileStream _data;
    private readonly HashedChunkWriter _dataOut;
    private readonly ArrayBufferWriter<byte> _packBuffer = new(4096);
    private readonly List<long> _offsets = [0];
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private bool _completed;

    public DatasetWriter(string path, DatasetWriterOptions? options = null)
    {
        _options = options ?? new DatasetWriterOptions();
        Paths = DatasetPaths.For(path);
        if (!_options.Overwrite && File.Exists(Paths.Data))
            throw new IOException($"{Paths.Data} already exists; pass overwrite to replace it.");
        OutputFolder.CreateFor(Paths.Data);
        // Unbuffered: HashedChunkWriter writes whole 1 MiB chunks, hashing each on a worker meanwhile.
        _data = _staged.Create(Paths.Data, bufferSize: 0);
        _dataOut = new HashedChunkWriter(_data);
    }

    public DatasetPaths Paths { get; }

    /// <summary>Samples written so far.</summary>
    public int Count => _keys.Count;

    /// <summary>Bytes written to the data file so far.</summary>
    public long Length => _offsets[^1];

    /// <summary>Writes a sample (FileWriter semantics): it must have a string <c>"key"</c> not written before.</summary>
    public void Write(IEnumerable<KeyValuePair<string, object?>> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        string key = KeyOf(sample);
        _packBuffer.ResetWrittenCount();
        MsgpackSerializer.SerializeSample(_packBuffer, sample);
        Append(key, _packBuffer.WrittenSpan);
    }

    /// <summary>
    /// Writes an already packed sample verbatim (RawWriter semantics). The caller vouches that
    /// <paramref name="packedSample"/> is one msgpack object whose key is <paramref name="key"/>.
    /// </summary>
    public void WriteRaw(string key, ReadOnlySpan<byte> packedSample)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (packedSample.IsEmpty) throw new ArgumentException($"The packed sample for key \"{key}\" is empty.", nameof(packedSample));
        Append(key, packedSample);
    }

    /// <summary>
    /// Writes packed samples verbatim (RawWriter semantics) with one gathered positional write straight from the
    /// caller's memory, skipping the copy through the write chunks. Their MD5 is computed on the hashing worker
    /// behind what is queued; the caller must keep <paramref name="packedSamples"/> unchanged until the returned task
    /// completes (the bounded shuffle fills the next window meanwhile).
    /// </summary>
    internal Task WriteRawGathered(IReadOnlyList<string> keys, IReadOnlyList<ReadOnlyMemory<byte>> packedSamples)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        for (int i = 0; i < keys.Count; i++)
            if (packedSamples[i].IsEmpty) throw new ArgumentException($"The packed sample for key \"{keys[i]}\" is empty.", nameof(packedSamples));
        for (int i = 0; i < keys.Count; i++)
            Record(keys[i], packedSamples[i].Length);
        try
        {
            return _dataOut.WriteGathered(packedSamples);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Paths.Data, Length, e);
        }
    }

    /// <summary>Where the sample with this key was written (its index), if it was.</summary>
    internal bool TryGetIndex(string key, out int index) => _positions.TryGetValue(key, out index);

    /// <summary>Writes the index files and moves the whole dataset into place.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        byte[] dataMd5;
        try
        {
            dataMd5 = _dataOut.Finish();
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Paths.Data, Length, e);
        }

        var keyHashes = KeyHashing.Compute(_keys);
        var files = new (string Path, byte[] Content)[]
        {
            (Paths.Offsets, OffsetsFile.Serialize(_offsets)),
            (Paths.Keys, KeysFile.Serialize(_keys)),
            (Paths.KeyHashes, KeyHashesFile.Serialize(keyHashes)),
            (Paths.Filter, BloomFilter.ForKeys(_keys).ToFileBytes()),
        };
        var md5Lines = new List<Md5Entry> { new(Convert.ToHexStringLower(dataMd5), Path.GetFileName(Paths.Data)) };
        foreach (var (path, content) in files)
        {
            _staged.WriteAllBytes(path, content);
            md5Lines.Add(new Md5Entry(Md5File.Hash(content), Path.GetFileName(path)));
        }
        // The .md5 moves last: a set whose .md5 is in place is complete.
        _staged.WriteAllBytes(Paths.Md5, System.Text.Encoding.UTF8.GetBytes(Md5File.Format(md5Lines)));
        _staged.Commit(_options.Overwrite, removeFirst: [Paths.Md5, Paths.LegacyIndex]);
        _completed = true;
    }

    /// <summary>Discards everything staged unless <see cref="Complete"/> succeeded; never throws (a full disk makes closing fail).</summary>
    public void Dispose()
    {
        _completed = true;
        _dataOut.Dispose();
        _staged.Dispose();
    }

    private void Append(string key, ReadOnlySpan<byte> packed)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Record(key, packed.Length);
        try
        {
            _dataOut.Write(packed);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Paths.Data, Length, e);
        }
    }

    private void Record(string key, int length)
    {
        if (!_positions.TryAdd(key, _keys.Count))
            throw new ArgumentException(
                $"Duplicate key \"{key}\": sample {_keys.Count} has the same key as sample {_positions[key]} in {Paths.Data}.");
        _keys.Add(key);
        _offsets.Add(_offsets[^1] + length);
    }

    private static string KeyOf(IEnumerable<KeyValuePair<string, object?>> sample)
    {
        object? key = sample is IReadOnlyDictionary<string, object?> d
            ? d.GetValueOrDefault(Sample.KeyField)
            : sample.FirstOrDefault(kv => kv.Key == Sample.KeyField).Value;
        return key as string ?? throw new ArgumentException(
            key is null ? "The sample has no \"key\" field." : $"The sample's \"key\" must be a string, not {key.GetType().Name}.");
    }
}
