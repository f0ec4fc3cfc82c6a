using System.Globalization;

namespace Datadings.Cli.Commands;

/// <summary>Parses <c>START:STOP</c> and resolves it with Python slice rules (negative counts from the end, clamped).</summary>
internal static class SliceRange
{
    public static (int? Start, int? Stop) Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (null, null);
        int colon = text.IndexOf(':');
        if (colon < 0 || text.IndexOf(':', colon + 1) >= 0)
            throw new UsageException($"--range must be START:STOP (either may be empty), not '{text}'");
        return (Bound(text[..colon], text), Bound(text[(colon + 1)..], text));
    }

    public static IEnumerable<int> Indices(int count, int? start, int? stop)
    {
        int from = Resolve(start ?? 0, count), to = Resolve(stop ?? count, count);
        for (int i = from; i < to; i++) yield return i;
    }

    private static int Resolve(int bound, int count) => bound < 0 ? Math.Max(0, bound + count) : Math.Min(bound, count);

    private static int? Bound(string part, string text)
    {
        if (part.Length == 0) return null;
        return int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UsageException($"--range bound '{part}' in '{text}' is not an integer");
    }
}
