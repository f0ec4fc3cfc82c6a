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

    private KeyIndex(byte[] salt, Dictionary<ulong, int> indexByHash, Func<int, string> keyAt)
    {
        _salt = salt;
        _indexByHash = indexByHash;
        _keyAt = keyAt;
    }

    /// <param name="keysPath">The file the keys come from (<c>.keys</c> or a legacy <c>.index</c>), for errors.</param>
    public static KeyIndex Load(DatasetPaths paths, int count, Func<IReadOnlyList<string>> keys, string keysPath, Func<int, string> keyAt)
    {
        if (File.Exists(paths.KeyHashes))
        {
            var hashes = KeyHashesFile.Parse(File.ReadAllBytes(paths.KeyHashes), paths.KeyHashes, count);
            var byHash = new Dictionary<ulong, int>(hashes.Count);
            for (int i = 0; i < hashes.Count; i++)
            {
                // The writer picks a salt that makes every hash distinct; a repeat means the file is damaged.
                if (!byHash.TryAdd(hashes.Hashes[i], i))
                    throw new DatadingsFormatException(
                        $"the hash of key {i} repeats the hash of key {byHash[hashes.Hashes[i]]}; hashes must be distinct", paths.KeyHashes, 8 + 8L * i);
            }
            return new KeyIndex(hashes.Salt, byHash, keyAt);
        }

        var allKeys = keys();
        var positions = new Dictionary<string, int>(allKeys.Count, StringComparer.Ordinal);
        for (int i = 0; i < allKeys.Count; i++)
        {
            if (!positions.TryAdd(allKeys[i], i))
                throw new DatadingsFormatException($"key \"{allKeys[i]}\" appears twice, at positions {positions[allKeys[i]]} and {i}", keysPath);
        }
        var computed = KeyHashing.Compute(allKeys);
        var index = new Dictionary<ulong, int>(computed.Count);
        for (int i = 0; i < computed.Count; i++) index.Add(computed.Hashes[i], i);
        return new KeyIndex(computed.Salt, index, keyAt);
    }

    public bool TryFind(string key, out int index)
    {
        if (_indexByHash.TryGetValue(KeyHashing.HashKey(key, _salt), out index) && _keyAt(index) == key) return true;
        index = -1;
        return false;
    }
}
