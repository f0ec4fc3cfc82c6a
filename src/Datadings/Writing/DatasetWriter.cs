using System.Buffers;
using System.Security.Cryptography;
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
    private readonly IncrementalHash _dataMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
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
        Directory.CreateDirectory(Path.GetDirectoryName(Paths.Data)!);
        _data = _staged.Create(Paths.Data, bufferSize: 1 << 20);
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
    /// Writes packed samples verbatim (RawWriter semantics) with gathered positional writes straight from the
    /// caller's memory, skipping the copy through the write buffer. The data file's MD5 is left to the caller, who
    /// must append the same bytes in the same order to <see cref="DataHash"/> before <see cref="Complete"/> (the
    /// bounded shuffle hashes one window on another thread while it writes the next).
    /// </summary>
    internal void WriteRawGathered(IReadOnlyList<string> keys, IReadOnlyList<ReadOnlyMemory<byte>> packedSamples)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        long start = _data.Position;
        for (int i = 0; i < keys.Count; i++)
            if (packedSamples[i].IsEmpty) throw new ArgumentException($"The packed sample for key \"{keys[i]}\" is empty.", nameof(packedSamples));
        for (int i = 0; i < keys.Count; i++)
            Record(keys[i], packedSamples[i].Length);
        _data.Flush();
        RandomAccess.Write(_data.SafeFileHandle, packedSamples, start);
        _data.Position = _offsets[^1];
    }

    /// <summary>Where the sample with this key was written (its index), if it was.</summary>
    internal bool TryGetIndex(string key, out int index) => _positions.TryGetValue(key, out index);

    /// <summary>The data file's running MD5; see <see cref="WriteRawGathered"/>.</summary>
    internal IncrementalHash DataHash => _dataMd5;

    /// <summary>Writes the index files and moves the whole dataset into place.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _data.Flush();
        _data.Dispose();

        var keyHashes = KeyHashing.Compute(_keys);
        var files = new (string Path, byte[] Content)[]
        {
            (Paths.Offsets, OffsetsFile.Serialize(_offsets)),
            (Paths.Keys, KeysFile.Serialize(_keys)),
            (Paths.KeyHashes, KeyHashesFile.Serialize(keyHashes)),
            (Paths.Filter, BloomFilter.ForKeys(_keys).ToFileBytes()),
        };
        var md5Lines = new List<Md5Entry> { new(Convert.ToHexStringLower(_dataMd5.GetHashAndReset()), Path.GetFileName(Paths.Data)) };
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

    public void Dispose()
    {
        _data.Dispose();
        _dataMd5.Dispose();
        _staged.Dispose();
        _completed = true;
    }

    private void Append(string key, ReadOnlySpan<byte> packed)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Record(key, packed.Length);
        _data.Write(packed);
        _dataMd5.AppendData(packed);
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
