using System.Text;
using Datadings.Hashing;
using Datadings.Writing;

namespace Datadings.IndexFiles;

/// <summary>
/// Writes the new-style index files (<c>.keys</c>, <c>.key_hashes</c>, <c>.filter</c>, <c>.offsets</c>) of a dataset
/// that only has a legacy <c>.index</c>, and rewrites <c>.md5</c> (convert_index semantics, FORMAT.md §7–8):
/// its existing lines are kept and the new files are appended in that order.
/// </summary>
public static class LegacyIndexConverter
{
    /// <param name="path">The data file or its <c>.index</c> file.</param>
    /// <param name="outputDirectory">Where the new files go; by default beside the data file.</param>
    /// <param name="overwrite">Replace new-style index files that already exist.</param>
    /// <returns>The paths of the files written.</returns>
    public static IReadOnlyList<string> Convert(string path, string? outputDirectory = null, bool overwrite = false)
    {
        var source = DatasetPaths.For(path);
        if (!File.Exists(source.LegacyIndex)) throw new FileNotFoundException($"{source.LegacyIndex} does not exist: there is no legacy index to convert.", source.LegacyIndex);
        if (!File.Exists(source.Data)) throw new FileNotFoundException($"The dataset's data file {source.Data} does not exist.", source.Data);

        var (keys, offsets) = LegacyIndexFile.Parse(File.ReadAllBytes(source.LegacyIndex), source.LegacyIndex, new FileInfo(source.Data).Length);
        var target = outputDirectory is null ? source : new DatasetPaths(Path.Combine(Path.GetFullPath(outputDirectory), Path.GetFileName(source.Data)));
        OutputFolder.CreateFor(target.Data);

        var newFiles = new (string Path, byte[] Content)[]
        {
            (target.Keys, KeysFile.Serialize(keys)),
            (target.KeyHashes, KeyHashesFile.Serialize(KeyHashing.Compute(keys))),
            (target.Filter, BloomFilter.ForKeys(keys).ToFileBytes()),
            (target.Offsets, OffsetsFile.Serialize(offsets)),
        };
        var newNames = newFiles.Select(f => Path.GetFileName(f.Path)).ToHashSet();
        var md5Lines = File.Exists(source.Md5)
            ? Md5File.Read(source.Md5).Where(e => !newNames.Contains(e.FileName)).ToList()
            : [new(Md5File.HashFile(source.Data), Path.GetFileName(source.Data)), new(Md5File.HashFile(source.LegacyIndex), Path.GetFileName(source.LegacyIndex))];

        using var staged = new StagedFiles();
        foreach (var (file, content) in newFiles)
        {
            staged.WriteAllBytes(file, content);
            md5Lines.Add(new Md5Entry(Md5File.Hash(content), Path.GetFileName(file)));
        }
        staged.WriteAllBytes(target.Md5, Encoding.UTF8.GetBytes(Md5File.Format(md5Lines)));
        // .md5 is rewritten by design, so only the new index files are protected by overwrite.
        if (!overwrite)
        {
            foreach (var (file, _) in newFiles)
                if (File.Exists(file)) throw new IOException($"{file} already exists; pass overwrite to replace it.");
        }
        staged.Commit(overwrite: true);
        return [.. newFiles.Select(f => f.Path), target.Md5];
    }
}
