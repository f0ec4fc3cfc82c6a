namespace Datadings.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed: a missing or corrupt file, an existing output, a failed verification.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown options, bad values, impossible split positions.</summary>
    public const int BadArguments = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
