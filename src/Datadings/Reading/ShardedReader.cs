namespace Datadings.Reading;

/// <summary>
/// Several datasets (shards) read as one, in one index space: sample i of the whole is sample
/// i − start(shard) of the shard that covers i.
/// </summary>
public sealed class ShardedReader : ISampleReader
{
    private readonly ISampleReader[] _shards;
    private readonly int[] _starts;

    /// <summary>Opens the shards matching a file-name pattern such as <c>data/train-*.msgpack</c>, in ordinal path order.</summary>
    public ShardedReader(string pattern, DatasetReaderOptions? options = null)
        : this(ExpandPattern(pattern).Select(p => (ISampleReader)new DatasetReader(p, options)).ToList()) { }

    /// <summary>Reads the given shards in the given order; the sharded reader owns (and disposes) them.</summary>
    public ShardedReader(IEnumerable<ISampleReader> shards)
    {
        _shards = [.. shards];
        _starts = new int[_shards.Length + 1];
        for (int i = 0; i < _shards.Length; i++) _starts[i + 1] = checked(_starts[i] + _shards[i].Count);
    }

    public IReadOnlyList<ISampleReader> Shards => _shards;

    public int Count => _starts[^1];

    public Sample this[int index] => Get(index);

    public Sample Get(int index)
    {
        var (shard, local) = Locate(index);
        return _shards[shard].Get(local);
    }

    public ReadOnlyMemory<byte> GetRaw(int index)
    {
        var (shard, local) = Locate(index);
        return _shards[shard].GetRaw(local);
    }

    public string GetKey(int index)
    {
        var (shard, local) = Locate(index);
        return _shards[shard].GetKey(local);
    }

    public bool TryFindIndex(string key, out int index)
    {
        for (int s = 0; s < _shards.Length; s++)
        {
            if (_shards[s].Contains(key) && _shards[s].TryFindIndex(key, out int local))
            {
                index = _starts[s] + local;
                return true;
            }
        }
        index = -1;
        return false;
    }

    public bool Contains(string key) => _shards.Any(s => s.Contains(key));

    public IEnumerator<Sample> GetEnumerator() => this.Read().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (var shard in _shards) shard.Dispose();
    }

    private (int Shard, int Local) Locate(int index)
    {
        int i = SampleReaderExtensions.ResolveIndex(Count, index);
        int found = Array.BinarySearch(_starts, i);
        // An exact hit may be the start of empty shards: take the last shard starting at i.
        int shard = found >= 0 ? LastShardStartingAt(found) : ~found - 1;
        return (shard, i - _starts[shard]);
    }

    private int LastShardStartingAt(int position)
    {
        while (position + 1 < _starts.Length - 1 && _starts[position + 1] == _starts[position]) position++;
        return position;
    }

    private static IEnumerable<string> ExpandPattern(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The shard directory {dir} does not exist.");
        var files = Directory.GetFiles(dir, name).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new FileNotFoundException($"No shard matches {full}.");
    }
}
