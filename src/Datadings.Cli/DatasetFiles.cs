using Datadings.Reading;
using Datadings.Views;

namespace Datadings.Cli;

/// <summary>What the read commands accept as FILE: a dataset's data file, or a view file that `datadings view` wrote.</summary>
internal static class DatasetFiles
{
    public const string ViewSuffix = ".view.json";

    public static bool IsView(string path) => path.EndsWith(ViewSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A reader over the dataset or the view (whose base must still be the dataset it was made over).</summary>
    public static ISampleReader Open(string path) => IsView(path) ? ViewReader.Open(path) : new DatasetReader(path);

    /// <summary>Refuses a view file where a command reads datasets only, rather than failing on its missing index files.</summary>
    public static void RequireDatasets(string command, params IEnumerable<string> inputs)
    {
        foreach (var input in inputs.Where(IsView))
            throw new UsageException($"{input} is a view file; {command} reads datasets (cat, info and verify read views; `datadings view … --materialize` writes a dataset instead of a view file)");
    }
}
