using System.Globalization;

namespace Datadings.Sources;

/// <summary>
/// The order of Python's <c>natsort.natsorted</c> with its defaults, which the reference uses for labels:
/// strings split into text and unsigned-integer runs, text compared by code point, numbers by value
/// ("img2" before "img10"; a number sorts before text at the same place).
/// Where natsort would leave equal-valued strings ("01" and "1") in input order, this breaks the tie
/// ordinally so the order never depends on how the input was produced.
/// </summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    /// <summary>Paths compared segment by segment, so a directory's contents stay together.</summary>
    public static readonly IComparer<string> Paths = Comparer<string>.Create(ComparePaths);

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byValue = CompareRuns(x, y);
        return byValue != 0 ? byValue : string.CompareOrdinal(x, y);
    }

    private static int ComparePaths(string? x, string? y)
    {
        if (x is null || y is null) return Instance.Compare(x, y);
        var xs = x.Split('/');
        var ys = y.Split('/');
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            var c = Instance.Compare(xs[i], ys[i]);
            if (c != 0) return c;
        }
        return xs.Length.CompareTo(ys.Length);
    }

    private static int CompareRuns(string x, string y)
    {
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var xDigit = char.IsDigit(x[i]);
            var yDigit = char.IsDigit(y[j]);
            if (xDigit != yDigit)
                return xDigit ? -1 : 1;
            var xEnd = RunEnd(x, i, xDigit);
            var yEnd = RunEnd(y, j, yDigit);
            var c = xDigit
                ? CompareNumbers(x.AsSpan(i, xEnd - i), y.AsSpan(j, yEnd - j))
                : x.AsSpan(i, xEnd - i).SequenceCompareTo(y.AsSpan(j, yEnd - j));
            if (c != 0) return c;
            i = xEnd;
            j = yEnd;
        }
        // The string that ran out first is a prefix of the other, so it sorts first.
        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static int RunEnd(string s, int start, bool digits)
    {
        var end = start;
        while (end < s.Length && char.IsDigit(s[end]) == digits) end++;
        return end;
    }

    // Arbitrary length, so values beyond long never overflow: drop leading zeros, then longer is bigger.
    private static int CompareNumbers(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = TrimZeros(a);
        b = TrimZeros(b);
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        for (var k = 0; k < a.Length; k++)
        {
            var c = CharUnicodeInfo.GetDecimalDigitValue(a[k]).CompareTo(CharUnicodeInfo.GetDecimalDigitValue(b[k]));
            if (c != 0) return c;
        }
        return 0;
    }

    private static ReadOnlySpan<char> TrimZeros(ReadOnlySpan<char> digits)
    {
        var k = 0;
        while (k < digits.Length - 1 && CharUnicodeInfo.GetDecimalDigitValue(digits[k]) == 0) k++;
        return digits[k..];
    }
}
