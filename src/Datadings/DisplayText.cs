using System.Globalization;

namespace Datadings;

/// <summary>
/// Shortening text for display (CLI output, error messages), counted in text elements — the characters a person
/// sees (extended grapheme clusters, UAX #29) — so a cut never splits a surrogate pair, an emoji sequence or a
/// letter from its combining marks.
/// </summary>
public static class DisplayText
{
    /// <summary>Number of text elements in <paramref name="text"/> (what a person would count as characters).</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        for (int i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text, i))
            count++;
        return count;
    }

    /// <summary>
    /// The first <paramref name="maxElements"/> text elements of <paramref name="text"/>, or the whole text when it
    /// is not longer; <paramref name="cut"/> says which.
    /// </summary>
    public static string Prefix(string text, int maxElements, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxElements);
        int end = 0;
        for (int n = 0; n < maxElements && end < text.Length; n++)
            end += StringInfo.GetNextTextElementLength(text, end);
        cut = end < text.Length;
        return cut ? text[..end] : text;
    }

    /// <summary>At most <paramref name="maxElements"/> text elements: a longer text keeps its start and ends in "...".</summary>
    public static string Shorten(string text, int maxElements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 3);
        string prefix = Prefix(text, maxElements, out bool cut);
        return cut ? Prefix(text, maxElements - 3, out _) + "..." : prefix;
    }
}
