using System.CommandLine;
using Datadings.Operations;
using Datadings.Views;

namespace Datadings.Cli.Commands;

/// <summary><c>verify FILE…</c>: one line per dataset, non-zero exit if any is damaged.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Data files (.msgpack) of the datasets to check, or view files (.view.json): a view checks its base and that the base is still the dataset it was made over.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "Check MD5s and the consistency of data and index files.") { files };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            var progress = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            int failed = 0;
            foreach (string file in parsed.GetValue(files)!)
            {
                if (DatasetFiles.IsView(file))
                {
                    if (VerifyView(file, progress, cancellation)) continue;
                    failed++;
                    continue;
                }
                var result = VerifyOperation.Run(file, progress, cancellation);
                if (result.Ok)
                    Console.WriteLine($"ok      {file}: {result.Count} samples, {result.FilesChecked} files match their MD5, index consistent");
                else
                {
                    failed++;
                    Console.WriteLine($"FAILED  {file}: {string.Join("; ", result.Problems)}");
                }
            }
            if (failed == 0) return ExitCodes.Success;
            Console.Error.WriteLine($"datadings: error: {failed} of {parsed.GetValue(files)!.Length} datasets failed verification");
            return ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>A view is sound when its base verifies and is byte for byte the dataset the view was made over.</summary>
    private static bool VerifyView(string file, OperationReporter progress, CancellationToken cancellation)
    {
        var basePath = ViewFile.Read(file).ResolveBase(file);
        var result = VerifyOperation.Run(basePath, progress, cancellation);
        if (!result.Ok)
        {
            Console.WriteLine($"FAILED  {file}: its base {basePath}: {string.Join("; ", result.Problems)}");
            return false;
        }
        try
        {
            using var view = ViewReader.Open(file, new ViewReaderOptions { VerifyBaseData = true });
            Console.WriteLine($"ok      {file}: view of {view.Count} samples over {basePath} ({result.Count} samples, {result.FilesChecked} files match their MD5, the base is the one the view was made over)");
            return true;
        }
        catch (InvalidDataException e)
        {
            Console.WriteLine($"FAILED  {file}: {e.Message}");
            return false;
        }
    }
}
