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

    /// <summary>
    /// <paramref name="count"/> of <paramref name="total"/> as a percentage with <paramref name="decimals"/> places
    /// (invariant culture, no "%" sign), never rounded to a claim it does not make: a share too small to show is
    /// "&lt;0.1" (not "0.0", which reads as none), one short of all is "&gt;99.9" (not "100.0"); none is "0", all "100".
    /// </summary>
    public static string Percent(long count, long total, int decimals = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, total);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (count == 0) return "0";
        if (count == total) return "100";
        double share = 100.0 * count / total, step = Math.Pow(10, -decimals);
        string format = decimals == 0 ? "0" : "0." + new string('0', decimals);
        if (Math.Round(share, decimals) < step) return "<" + step.ToString(format, CultureInfo.InvariantCulture);
        if (Math.Round(share, decimals) > 100 - step) return ">" + (100 - step).ToString(format, CultureInfo.InvariantCulture);
        return share.ToString(format, CultureInfo.InvariantCulture);
    }
}
