namespace Datadings.Sources;

/// <summary>
/// Puts the source and entry on the exceptions the BCL throws for damaged data, so callers never get a
/// bare "unexpected end of stream" without knowing which archive and entry it came from.
/// </summary>
internal static class SourceErrors
{
    public static bool IsDataError(Exception e) =>
        e is InvalidDataException or EndOfStreamException or IOException or FormatException
            or NotSupportedException or OverflowException or ArgumentException or UnauthorizedAccessException;

    public static T Guard<T>(string sourcePath, string? entry, string doing, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsDataError(e))
        {
            throw Wrap(e, sourcePath, entry, doing);
        }
    }

    public static SourceException Wrap(Exception e, string sourcePath, string? entry, string doing) =>
        e as SourceException ?? new SourceException($"{doing} failed: {e.Message}", sourcePath, entry, e);
}
