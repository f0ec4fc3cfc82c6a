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
            var written = LegacyIndexConverter.Convert(parsed.GetValue(file)!, parsed.GetValue(outDir), parsed.GetValue(force));
            if (!parsed.GetValue(CommonOptions.Quiet))
                foreach (string path in written) Console.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
