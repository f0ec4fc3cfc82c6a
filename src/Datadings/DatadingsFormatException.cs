namespace Datadings;

/// <summary>
/// A dataset file (or a buffer inside one) does not follow the datadings format.
/// The message always says what was expected; <see cref="FilePath"/> and <see cref="Offset"/>
/// say where, when known.
/// </summary>
public sealed class DatadingsFormatException : Exception
{
    public DatadingsFormatException(string problem, string? filePath = null, long? offset = null, Exception? inner = null)
        : base(Describe(problem, filePath, offset), inner)
    {
        Problem = problem;
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The file the problem was found in, if known.</summary>
    public string? FilePath { get; }

    /// <summary>Byte offset of the problem inside <see cref="FilePath"/> (or the decoded buffer), if known.</summary>
    public long? Offset { get; }

    /// <summary>
    /// The same problem, located in a file: <paramref name="baseOffset"/> is where the decoded buffer
    /// starts inside <paramref name="filePath"/>, so buffer-relative offsets become file offsets.
    /// </summary>
    public DatadingsFormatException At(string filePath, long baseOffset = 0) =>
        new(Problem, filePath, Offset is { } o ? baseOffset + o : baseOffset, this);

    private static string Describe(string problem, string? filePath, long? offset) =>
        (filePath, offset) switch
        {
            (null, null) => problem,
            (null, { } o) => $"at byte offset {o}: {problem}",
            ({ } f, null) => $"{f}: {problem}",
            ({ } f, { } o) => $"{f}: at byte offset {o}: {problem}",
        };
}
