namespace Datadings.Conversions;

/// <summary>
/// A conversion cannot go on. The message names the source (as declared, not its cache path) and the entry,
/// line or record, so a user can find the problem without a debugger.
/// </summary>
public sealed class ConversionException : Exception
{
    public ConversionException(ConversionError error, string problem, string? source = null, string? location = null, Exception? inner = null)
        : base(Describe(problem, source, location), inner)
    {
        Error = error;
        Problem = problem;
        Source = source;
        Location = location;
    }

    public ConversionError Error { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The source's name, when the problem is in one.</summary>
    public new string? Source { get; }

    /// <summary>Entry, line or record inside the source, e.g. <c>line 12</c> or <c>entry 'cat/1.png'</c>.</summary>
    public string? Location { get; }

    private static string Describe(string problem, string? source, string? location) =>
        (source, location) switch
        {
            (null, null) => problem,
            (null, _) => $"{location}: {problem}",
            (_, null) => $"source '{source}': {problem}",
            _ => $"source '{source}': {location}: {problem}",
        };
}
