using System.Globalization;
using System.Numerics;

namespace Datadings.Msgpack;

/// <summary>
/// A Python <c>complex</c> as msgpack-numpy stores it: <c>{b'complex': True, b'data': repr(value)}</c>.
/// The repr text is kept as stored so re-encoding gives the same bytes; <see cref="Value"/> is parsed from it.
/// </summary>
public sealed class PyComplex : IEquatable<PyComplex>
{
    /// <summary>Parses Python complex syntax ("(1+2j)", "2j", "(-0-0j)", "(nan+infj)", "1.5").</summary>
    public PyComplex(string repr)
    {
        ArgumentNullException.ThrowIfNull(repr);
        Repr = repr;
        Value = TryParse(repr, out var value)
            ? value
            : throw new FormatException($"'{repr}' is not a Python complex literal.");
    }

    /// <summary>The text written after <c>b'data'</c>, normally Python's <c>repr()</c> of the value.</summary>
    public string Repr { get; }

    public Complex Value { get; }

    /// <summary>A complex with the repr Python would write for it, so that it encodes like Python's.</summary>
    public static PyComplex From(Complex value)
    {
        string imag = PythonFloatRepr(value.Imaginary);
        // Python omits the real part only when it is +0.0 (not -0.0).
        if (value.Real == 0 && !double.IsNegative(value.Real))
            return new PyComplex(imag + "j");
        string sign = imag.StartsWith('-') ? "" : "+";
        return new PyComplex($"({PythonFloatRepr(value.Real)}{sign}{imag}j)");
    }

    internal static bool TryParse(string text, out Complex value)
    {
        value = default;
        var s = text.AsSpan().Trim();
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')')
            s = s[1..^1].Trim();
        if (s.IsEmpty)
            return false;
        if (s[^1] is not ('j' or 'J'))
        {
            if (!TryParseFloat(s, out double realOnly))
                return false;
            value = new Complex(realOnly, 0);
            return true;
        }
        var body = s[..^1];
        int split = -1;
        for (int i = body.Length - 1; i > 0; i--)
        {
            if (body[i] is '+' or '-' && body[i - 1] is not ('e' or 'E'))
            {
                split = i;
                break;
            }
        }
        var realText = split < 0 ? ReadOnlySpan<char>.Empty : body[..split];
        var imagText = split < 0 ? body : body[split..];
        double real = 0;
        if (!realText.IsEmpty && !TryParseFloat(realText, out real))
            return false;
        double imag;
        if (imagText.IsEmpty || imagText is "+")
            imag = 1;
        else if (imagText is "-")
            imag = -1;
        else if (!TryParseFloat(imagText, out imag))
            return false;
        value = new Complex(real, imag);
        return true;
    }

    private static bool TryParseFloat(ReadOnlySpan<char> s, out double value)
    {
        bool negative = s.Length > 0 && s[0] == '-';
        var unsigned = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (unsigned.IsEmpty || !(char.IsAsciiDigit(unsigned[0]) || unsigned[0] == '.'))
        {
            value = 0;
            return false;
        }
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Python's repr of a float as used inside complex repr: shortest round-trip digits, no ".0" for integral
    /// values, exponent form (e+XX, at least two digits) when the decimal exponent is below −4 or at least 16.
    /// </summary>
    internal static string PythonFloatRepr(double x)
    {
        if (double.IsNaN(x))
            return "nan";
        if (double.IsInfinity(x))
            return x > 0 ? "inf" : "-inf";
        if (x == 0)
            return double.IsNegative(x) ? "-0" : "0";
        // "R" gives the shortest round-trip digits but .NET's layout; re-lay them out the Python way.
        string shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent;
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exp10 = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string intPart = dot < 0 ? mantissa : mantissa[..dot];
        string fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - digits.Length;
        // Position of the decimal point relative to the first significant digit.
        exponent = exp10 + intPart.Length - leadingZeros - 1;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
            digits = "0";
        string sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            string frac = digits.Length > 1 ? "." + digits[1..] : "";
            return $"{sign}{digits[0]}{frac}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0)
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1)
            return sign + digits + new string('0', exponent + 1 - digits.Length);
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    public bool Equals(PyComplex? other) => other is not null && Repr == other.Repr;

    public override bool Equals(object? obj) => Equals(obj as PyComplex);

    public override int GetHashCode() => Repr.GetHashCode();

    public override string ToString() => Repr;
}
