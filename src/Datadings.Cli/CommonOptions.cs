using System.CommandLine;
using Datadings.Writing;

namespace Datadings.Cli;

/// <summary>Options several commands share, so they are spelled and described the same everywhere.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print nothing but errors (and the output a command exists for, e.g. cat).",
        Recursive = true,
    };

    public static Option<bool> Force() => new("--force", "-f")
    {
        Description = "Overwrite existing output files.",
    };

    public static Option<long?> Seed(string description) => new("--seed")
    {
        Description = description,
    };

    /// <summary>
    /// Refuses an output that is also an input (exit 2) or that exists without --force (exit 1). Checked before the
    /// library's own checks only so the messages can name the command-line flags. Also removes what an earlier run
    /// killed while writing these outputs left behind (the build does the same before it writes a dataset).
    /// </summary>
    public static void CheckOutputs(IEnumerable<string> inputs, IEnumerable<string> outputs, bool force)
    {
        DatasetFiles.RequireDatasets("this command", inputs);
        foreach (var group in outputs.Select(Path.GetFullPath).GroupBy(o => Path.GetDirectoryName(o)!))
            StagedFiles.RemoveStale(group.Key, group.Select(Path.GetFileNameWithoutExtension).OfType<string>());

        // Any file of an input counts: OUT = IN.msgpack.keys would write IN.msgpack itself.
        var inputPaths = inputs.Select(DatasetPaths.For).ToList();
        foreach (string output in outputs)
        {
            if (inputPaths.FirstOrDefault(input => input.IsReplacedBy(output)) is { } replaced)
                throw new UsageException(replaced.Data == Path.GetFullPath(output)
                    ? $"{output} is both an input and an output; IN and OUT must differ"
                    : $"{output} is a file of the input {replaced.Data}; IN and OUT must differ");
        }
        if (force) return;
        foreach (string output in outputs)
        {
            if (File.Exists(output))
                throw new IOException($"{output} already exists; use --force to overwrite it");
        }
    }
}
