using Datadings.Operations;

namespace Datadings.Cli;

/// <summary>
/// Every failure ends as exactly one line <c>datadings: error: …</c> on stderr and an exit code; a stack trace
/// would bury the one fact the user needs (which file, which offset, what was wrong).
/// </summary>
internal static class ErrorReporter
{
    public static int Usage(string message) => Write(message, ExitCodes.BadArguments);

    public static int Report(Exception exception) => exception switch
    {
        UsageException e => Write(e.Message, ExitCodes.BadArguments),
        OperationCanceledException => Write("interrupted; no output was written", ExitCodes.Interrupted),
        ArgumentException e => Write(WithoutParameterName(e), ExitCodes.BadArguments),
        DatadingsFormatException or DuplicateKeyException or IOException or InvalidDataException or UnauthorizedAccessException
            or InvalidOperationException or NotSupportedException => Write(exception.Message, ExitCodes.Failure),
        _ => Write($"{exception.GetType().Name}: {exception.Message}", ExitCodes.Failure),
    };

    private static int Write(string message, int exitCode)
    {
        string oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"datadings: error: {oneLine}");
        return exitCode;
    }

    // ArgumentException appends " (Parameter 'x')", which means nothing to someone at a shell prompt.
    private static string WithoutParameterName(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
}

/// <summary>A command line that parses but makes no sense (e.g. IN equals OUT); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
