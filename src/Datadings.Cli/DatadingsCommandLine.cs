using System.CommandLine;
using System.CommandLine.Help;
using Datadings.Cli.Commands;

namespace Datadings.Cli;

/// <summary>The root command: wires the subcommands together and turns parse errors into one line and exit code 2.</summary>
public static class DatadingsCommandLine
{
    public static int Run(string[] args)
    {
        // A plain command named "datadings" rather than RootCommand, whose name is the executable's file name
        // ("Datadings.Cli" when run as `dotnet Datadings.Cli.dll`): help and usage say the command users type.
        var root = new Command("datadings", "Read, check and transform datasets in the datadings format (msgpack samples + index files).")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Options.Add(CommonOptions.Quiet);
        foreach (var command in Commands())
            root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
            return ErrorReporter.Usage(Readable(parsed.Errors[0].Message));

        // Our actions report their own errors; Ctrl+C is handled by Interrupt so outputs are discarded cleanly.
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    // System.CommandLine names the .NET type a value failed to parse as ("as expected type
    // 'System.Nullable`1[System.Int64]'"); at a shell prompt the kind of value is what helps.
    internal static string Readable(string parseError) =>
        System.Text.RegularExpressions.Regex.Replace(parseError, @"as expected type '([^']*)'", m =>
        {
            string type = m.Groups[1].Value;
            return type.Contains("Int", StringComparison.Ordinal) ? "as an integer"
                : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "as a number"
                : "as " + type[(type.LastIndexOf('.') + 1)..].TrimEnd(']');
        });

    private static IEnumerable<Command> Commands() =>
    [
        CatCommand.Create(),
        InfoCommand.Create(),
        VerifyCommand.Create(),
        BenchCommand.Create(),
        ShuffleCommand.Create(),
        SplitCommand.Create(),
        MergeCommand.Create(),
        SampleCommand.Create(),
        RelabelCommand.Create(),
        ViewCommand.Create(),
        ConvertIndexCommand.Create(),
        InitCommand.Create(),
        RecipesCommand.Create(),
        LockCommand.Create(),
        ReportCommand.Create(),
    ];
}
