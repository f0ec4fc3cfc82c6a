using Datadings.Reading;

namespace Datadings;

/// <summary>
/// A dataset built by a referenced <c>.dsproj</c>, as the generated <c>Datasets</c> class names it: where the
/// model's build copied it (<see cref="RelativePath"/> under the application's folder) and where the dataset
/// project wrote it (<see cref="BuildPath"/>, used when copying was turned off), and its class names when the
/// dataset project knows them. Converts to its path.
/// </summary>
public sealed class DatasetLocation(string name, string relativePath, string buildPath, bool sharded, IReadOnlyList<string> classNames)
{
    /// <summary>A dataset without known class names.</summary>
    public DatasetLocation(string name, string relativePath, string buildPath, bool sharded) : this(name, relativePath, buildPath, sharded, []) { }

    /// <summary>The dataset's name in its project (the <c>DatasetConversion</c> Include).</summary>
    public string Name { get; } = name;

    /// <summary>Path relative to the application's folder, e.g. <c>datasets/Quickstart/shapes.msgpack</c>; a <c>NAME-*.msgpack</c> pattern when sharded.</summary>
    public string RelativePath { get; } = relativePath;

    /// <summary>Absolute path in the dataset project's output folder (or pattern, when sharded).</summary>
    public string BuildPath { get; } = buildPath;

    /// <summary>Whether the dataset is split into shards, read as one by <see cref="ShardedReader"/>.</summary>
    public bool Sharded { get; } = sharded;

    /// <summary>
    /// Class names by integer label (index 0 = label 0), from the <c>ClassNames</c> of the dataset's
    /// <c>DatasetOutput</c> (a converter's, a recipe's or the item's own); empty when the dataset project has none.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; } = classNames;

    /// <summary>
    /// The copy beside the application if there is one, else the dataset project's output (<see cref="BuildPath"/>):
    /// so also for a dataset the referencing project gets no copy of (copying turned off, or an intermediate step the
    /// dataset project keeps back), which then reads only where that project built it, not from a published app.
    /// </summary>
    public string Path => CopyExists() ? CopiedPath : BuildPath;

    private string CopiedPath => System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, RelativePath));

    /// <summary>Opens the dataset: a <see cref="DatasetReader"/>, or a <see cref="ShardedReader"/> over all shards.</summary>
    /// <exception cref="FileNotFoundException">
    /// Neither the copy nor the build output exists: names both, and says why a published app may have no copy.
    /// </exception>
    public ISampleReader Open(DatasetReaderOptions? options = null)
    {
        string path = Path;
        if (!Exists(path))
            throw new FileNotFoundException(
                $"the dataset '{Name}' is neither beside the application ({CopiedPath}) nor where its dataset project wrote it ({BuildPath}). "
                + "Build the dataset project; an application that runs elsewhere (published, copied) needs the copy, which the dataset project "
                + "gives referencing projects only for its results or items with CopyToReferencingProjects=\"true\"", path);
        return Sharded ? new ShardedReader(path, options) : new DatasetReader(path, options);
    }

    public override string ToString() => Path;

    public static implicit operator string(DatasetLocation location) => location.Path;

    private bool CopyExists() => Exists(CopiedPath);

    // The data file, or for a sharded dataset (a NAME-*.msgpack pattern) at least one shard.
    private bool Exists(string path)
    {
        if (!Sharded) return File.Exists(path);
        var directory = System.IO.Path.GetDirectoryName(path)!;
        return Directory.Exists(directory) && Directory.EnumerateFiles(directory, System.IO.Path.GetFileName(path)).Any();
    }
}
