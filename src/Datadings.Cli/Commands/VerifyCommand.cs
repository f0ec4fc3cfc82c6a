using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>verify FILE…</c>: one line per dataset, non-zero exit if any is damaged.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Data files (.msgpack) of the datasets to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "Check MD5s and the consistency of data and index files.") { files };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            var progress = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            int failed = 0;
            foreach (string file in parsed.GetValue(files)!)
            {
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
}
