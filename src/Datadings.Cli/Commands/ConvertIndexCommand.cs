using System.CommandLine;
using Datadings.IndexFiles;

namespace Datadings.Cli.Commands;

/// <summary><c>convert-index FILE</c>: writes new-style index files for a legacy <c>.index</c> dataset.</summary>
internal static class ConvertIndexCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The legacy dataset's data file or its .index file." };
        var outDir = new Option<string?>("--output-dir", "-o") { Description = "Where to write the new index files (default: beside the data file)." };
        var force = CommonOptions.Force();
        var command = new Command("convert-index", "Convert a legacy .index into .offsets/.keys/.key_hashes/.filter and update .md5.") { file, outDir, force };

        command.SetGuardedAction((parsed, _) =>
        {
            string input = parsed.GetValue(file)!;
            DatasetFiles.RequireDatasets("convert-index", input);
            string? outputDirectory = parsed.GetValue(outDir);
            if (!parsed.GetValue(force)) RefuseExistingIndexFiles(input, outputDirectory);
            var written = LegacyIndexConverter.Convert(input, outputDirectory, parsed.GetValue(force));
            if (!parsed.GetValue(CommonOptions.Quiet))
                foreach (string path in written) Console.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    // The library's refusal names its `overwrite` parameter; at the shell the switch is --force. Checked only where
    // there is a legacy index, so that a dataset with nothing to convert still says so.
    private static void RefuseExistingIndexFiles(string input, string? outputDirectory)
    {
        var source = DatasetPaths.For(input);
        if (!File.Exists(source.LegacyIndex)) return;
        var target = outputDirectory is null
            ? source
            : DatasetPaths.For(Path.Combine(Path.GetFullPath(outputDirectory), Path.GetFileName(source.Data)));
        foreach (string existing in new[] { target.Keys, target.KeyHashes, target.Filter, target.Offsets })
        {
            if (File.Exists(existing))
                throw new IOException($"{existing} already exists; use --force to overwrite it");
        }
    }
}
