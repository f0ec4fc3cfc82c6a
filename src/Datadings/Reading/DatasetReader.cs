using Datadings.IndexFiles;
using Datadings.Msgpack;

namespace Datadings.Reading;

/// <summary>
/// Reads a datadings dataset (MsgpackReader semantics, FORMAT.md §10): the data file is memory-mapped, samples
/// are found through <c>.offsets</c> (or a legacy <c>.index</c>), keys through <c>.keys</c>, <c>.key_hashes</c> and
/// <c>.filter</c>, each loaded on first use. Safe for concurrent readers.
/// </summary>
/// <remarks>
/// Better than the reference: negative indices work, a missing <c>.keys</c> still gives the count from
/// <c>.offsets</c>, a missing <c>.filter</c> makes <see cref="Contains"/> fall back to the key hashes, and a
/// missing <c>.key_hashes</c> is recomputed from the keys. Every inconsistency between the files is a
/// <see cref="DatadingsFormatException"/> naming the file and byte offset.
/// </remarks>
public sealed class DatasetReader : ISampleReader
{
    private readonly MappedFile _data;
    private readonly long[] _offsets;
    private readonly Lazy<string[]> _keys;
    private readonly Lazy<KeyIndex> _keyIndex;
    private readonly Lazy<BloomFilter?> _filter;
    private readonly bool _zeroCopy;

    public DatasetReader(string path, DatasetReaderOptions? options = null)
    {
        Paths = DatasetPaths.For(path);
        _zeroCopy = options?.ZeroCopy ?? false;
        if (!File.Exists(Paths.Data)) throw new FileNotFoundException($"The dataset's data file {Paths.Data} does not exist.", Paths.Data);

        _data = new MappedFile(Paths.Data);
        try
        {
            string[]? legacyKeys = null;
            if (File.Exists(Paths.Offsets))
            {
                _offsets = OffsetsFile.Parse(File.ReadAllBytes(Paths.Offsets), Paths.Offsets, _data.Length);
                if (File.Exists(Paths.Keys))
                {
                    int keyCount = KeysFile.ReadCount(ReadHeader(Paths.Keys), new FileInfo(Paths.Keys).Length, Paths.Keys);
                    if (keyCount != Count)
                        throw new DatadingsFormatException(
                            $"the file lists {keyCount} keys but {Paths.Offsets} has offsets for {Count} samples", Paths.Keys, 0);
                }
            }
            else if (File.Exists(Paths.LegacyIndex))
            {
                (legacyKeys, _offsets) = LegacyIndexFile.Parse(File.ReadAllBytes(Paths.LegacyIndex), Paths.LegacyIndex, _data.Length);
                IsLegacy = true;
            }
            else
            {
                throw new FileNotFoundException(
                    $"The dataset {Paths.Data} has neither an offsets file ({Path.GetFileName(Paths.Offsets)}) nor a legacy index ({Path.GetFileName(Paths.LegacyIndex)}).",
                    Paths.Offsets);
            }
            _keys = new Lazy<string[]>(() => legacyKeys ?? LoadKeys());
            _keyIndex = new Lazy<KeyIndex>(() => KeyIndex.Load(Paths, Count, () => _keys.Value, IsLegacy ? Paths.LegacyIndex : Paths.Keys, GetKey));
            _filter = new Lazy<BloomFilter?>(() => File.Exists(Paths.Filter) ? BloomFilter.Load(File.ReadAllBytes(Paths.Filter), Paths.Filter) : null);
        }
        catch
        {
            _data.Dispose();
            throw;
        }
    }

    public DatasetPaths Paths { get; }

    /// <summary>Whether the samples are located through a legacy <c>.index</c> file.</summary>
    public bool IsLegacy { get; }

    public int Count => _offsets.Length - 1;

    /// <summary>Size of the data file in bytes.</summary>
    public long DataLength => _data.Length;

    /// <summary>Optional index files that are absent (the reference warns about each).</summary>
    public IReadOnlyList<string> MissingIndexFiles =>
        IsLegacy ? [] : new[] { Paths.Keys, Paths.KeyHashes, Paths.Filter, Paths.Md5 }.Where(f => !File.Exists(f)).ToArray();

    public Sample this[int index] => Get(index);

    public Sample Get(int index)
    {
        int i = SampleReaderExtensions.ResolveIndex(Count, index);
        try
        {
            return _zeroCopy
                ? MsgpackSerializer.DeserializeSample(RawMemory(i), zeroCopyBinary: true)
                : MsgpackSerializer.DeserializeSample(RawSpan(i));
        }
        catch (DatadingsFormatException e) when (e.FilePath is null)
        {
            throw e.At(Paths.Data, _offsets[i]);
        }
    }

    public ReadOnlyMemory<byte> GetRaw(int index) => RawMemory(SampleReaderExtensions.ResolveIndex(Count, index));

    /// <summary>The packed bytes of a sample as a span into the mapping: no copy, no allocation.</summary>
    public ReadOnlySpan<byte> GetRawSpan(int index) => RawSpan(SampleReaderExtensions.ResolveIndex(Count, index));

    /// <summary>Byte offset of sample <paramref name="index"/> in the data file.</summary>
    public long OffsetOf(int index) => _offsets[SampleReaderExtensions.ResolveIndex(Count, index)];

    public string GetKey(int index) => _keys.Value[SampleReaderExtensions.ResolveIndex(Count, index)];

    /// <summary>All keys in sample order (loaded on first use).</summary>
    public IReadOnlyList<string> Keys => _keys.Value;

    public bool TryFindIndex(string key, out int index)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keyIndex.Value.TryFind(key, out index);
    }

    /// <summary>Whether a sample has <paramref name="key"/>: the Bloom filter rules most absent keys out without loading the keys.</summary>
    public bool Contains(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_filter.Value is { } filter && !filter.MightContain(key)) return false;
        return TryFindIndex(key, out _);
    }

    /// <summary>Checks the data file against its <c>.md5</c> line; throws <see cref="DatadingsFormatException"/> on a mismatch.</summary>
    public void VerifyData() => ThrowOnFailure(CheckMd5().Where(c => c.FilePath == Paths.Data));

    /// <summary>Checks every index file listed in <c>.md5</c> (new-style and legacy); throws on a mismatch.</summary>
    public void VerifyIndex() => ThrowOnFailure(CheckMd5().Where(c => c.FilePath != Paths.Data));

    /// <summary>Checks every file listed in <c>.md5</c>; throws on the first mismatch.</summary>
    public void Verify() => ThrowOnFailure(CheckMd5());

    /// <summary>Hashes every file listed in <c>.md5</c> and reports each result.</summary>
    public IReadOnlyList<Md5Check> CheckMd5()
    {
        if (!File.Exists(Paths.Md5)) throw new FileNotFoundException($"{Paths.Md5} does not exist, so the dataset cannot be verified.", Paths.Md5);
        return Md5File.Check(Paths.Md5, Md5File.Read(Paths.Md5));
    }

    public IEnumerator<Sample> GetEnumerator() => this.Read().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _data.Dispose();

    private ReadOnlySpan<byte> RawSpan(int i) => _data.Span(_offsets[i], checked((int)(_offsets[i + 1] - _offsets[i])));

    private ReadOnlyMemory<byte> RawMemory(int i) => _data.Slice(_offsets[i], checked((int)(_offsets[i + 1] - _offsets[i])));

    private string[] LoadKeys()
    {
        if (!File.Exists(Paths.Keys)) throw new FileNotFoundException($"{Paths.Keys} does not exist, so keys are not available.", Paths.Keys);
        var keys = KeysFile.Parse(File.ReadAllBytes(Paths.Keys), Paths.Keys);
        return keys.Length == Count ? keys : throw new DatadingsFormatException(
            $"the file lists {keys.Length} keys but the offsets describe {Count} samples", Paths.Keys, 0);
    }

    private static byte[] ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[Math.Min(5, stream.Length)];
        stream.ReadExactly(header);
        return header;
    }

    private static void ThrowOnFailure(IEnumerable<Md5Check> checks)
    {
        foreach (var c in checks)
        {
            if (c.Missing) throw new FileNotFoundException($"{c.FilePath} is listed in the .md5 file but does not exist.", c.FilePath);
            if (!c.Ok) throw new DatadingsFormatException($"MD5 mismatch: the .md5 file expects {c.Expected}, the file hashes to {c.Actual}", c.FilePath);
        }
    }
}
