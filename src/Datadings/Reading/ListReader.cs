using Datadings.Msgpack;

namespace Datadings.Reading;

/// <summary>
/// Samples held in memory, read through the same interface as a dataset file (e.g. to write or shuffle them).
/// Every sample needs a unique string <c>"key"</c>.
/// </summary>
public sealed class ListReader : ISampleReader
{
    private readonly IReadOnlyList<Sample> _samples;
    private readonly Dictionary<string, int> _indexByKey = new(StringComparer.Ordinal);

    public ListReader(IEnumerable<Sample> samples)
    {
        _samples = [.. samples];
        for (int i = 0; i < _samples.Count; i++)
        {
            if (!_indexByKey.TryAdd(_samples[i].Key, i))
                throw new ArgumentException($"Duplicate key \"{_samples[i].Key}\": samples {_indexByKey[_samples[i].Key]} and {i}.", nameof(samples));
        }
    }

    public int Count => _samples.Count;

    public Sample this[int index] => Get(index);

    public Sample Get(int index) => _samples[SampleReaderExtensions.ResolveIndex(Count, index)];

    public ReadOnlyMemory<byte> GetRaw(int index) => MsgpackSerializer.Serialize(Get(index));

    public string GetKey(int index) => Get(index).Key;

    public bool TryFindIndex(string key, out int index)
    {
        if (_indexByKey.TryGetValue(key, out index)) return true;
        index = -1;
        return false;
    }

    public bool Contains(string key) => _indexByKey.ContainsKey(key);

    public IEnumerator<Sample> GetEnumerator() => _samples.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() { }
}
