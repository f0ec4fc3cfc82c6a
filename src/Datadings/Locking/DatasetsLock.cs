namespace Datadings.Locking;

/// <summary>
/// What a dataset project's build consumed and produced, as recorded in <c>datasets.lock.json</c> beside the project
/// (docs/lock-publish-ci.md): every source with its MD5 and size, every dataset with the item and code that produced
/// it, its options, its sample count and each file's MD5 and size. Names are keys: sources by their Include, datasets
/// by name, files by file name (no absolute paths, so a lock is the same in every clone).
/// </summary>
public sealed record DatasetsLock(string SdkVersion, IReadOnlyDictionary<string, LockedSource> Sources, IReadOnlyDictionary<string, LockedDataset> Datasets)
{
    /// <summary>The schema this code writes and the newest it reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The file name a project's lock has (like NuGet's packages.lock.json).</summary>
    public const string FileName = "datasets.lock.json";
}

/// <summary>A source file: its MD5 (32 lowercase hex digits) and size in bytes; the URLs are informational (the MD5 pins the content).</summary>
public sealed record LockedSource(string Md5, long Size, IReadOnlyList<string> Urls)
{
    /// <summary>Line of the source's entry in the lock it was read from; 0 when built, not read.</summary>
    public int Line { get; init; }
}

/// <summary>
/// A dataset: the item that produced it (<c>DatasetConversion</c>, <c>DatasetShuffle</c>, …), the converter or
/// operation, the identity of that code ("built-in" or "Type, Assembly Version"), the item's options (metadata as
/// written in the project), the datasets it was derived from, its total sample count and its files.
/// </summary>
public sealed record LockedDataset(
    string Item,
    string Producer,
    string Code,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<string> Inputs,
    long Samples,
    IReadOnlyDictionary<string, LockedFile> Files)
{
    public int Line { get; init; }

    /// <summary>Line of each option in the lock it was read from (empty when built, not read).</summary>
    public IReadOnlyDictionary<string, int> OptionLines { get; init; } = new Dictionary<string, int>();
}

/// <summary>One data file (a shard, or a view file): MD5, size in bytes and the samples it holds.</summary>
public sealed record LockedFile(string Md5, long Size, long Samples)
{
    public int Line { get; init; }
}
