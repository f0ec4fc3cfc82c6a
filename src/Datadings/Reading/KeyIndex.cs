using Datadings.Hashing;
using Datadings.IndexFiles;

namespace Datadings.Reading;

/// <summary>
/// Key → index lookup through the salted 64-bit key hashes of <c>.key_hashes</c> (FORMAT.md §5), recomputed
/// from the keys when that file is missing. A hit is confirmed against the stored key, so an unknown key whose
/// hash happens to collide is still reported as absent.
/// </summary>
internal sealed class KeyIndex
{
    private readonly byte[] _salt;
    private readonly Dictionary<ulong, int> _indexByHash;
    private readonly Func<int, string> _keyAt;

    private KeyIndex(KeyHashes hashes, Func<int, string> keyAt)
    {
        _salt = hashes.Salt;
        _keyAt = keyAt;
        _indexByHash = new Dictionary<ulong, int>(hashes.Hashes.Length);
        for (int i = 0; i < hashes.Hashes.Length; i++) _indexByHash.TryAdd(hashes.Hashes[i], i);
    }

    public static KeyIndex Load(DatasetPaths paths, int count, Func<IReadOnlyList<string>> keys, Func<int, string> keyAt)
    {
        var hashes = File.Exists(paths.KeyHashes)
            ? KeyHashesFile.Parse(File.ReadAllBytes(paths.KeyHashes), paths.KeyHashes, count)
            : KeyHashing.Compute(keys());
        return new KeyIndex(hashes, keyAt);
    }

    public bool TryFind(string key, out int index)
    {
        if (_indexByHash.TryGetValue(KeyHashing.HashKey(key, _salt), out index) && _keyAt(index) == key) return true;
        index = -1;
        return false;
    }
}
