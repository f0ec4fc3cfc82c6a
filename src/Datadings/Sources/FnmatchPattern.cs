using System.Text;
using System.Text.RegularExpressions;

namespace Datadings.Sources;

/// <summary>
/// Python's <c>fnmatch.fnmatchcase</c>: <c>*</c> matches any run of characters (slashes included),
/// <c>?</c> one character, <c>[seq]</c>/<c>[!seq]</c> a character class; the whole string must match.
/// Always case-sensitive: Python only folds case on Windows (<c>os.path.normcase</c>), and the same
/// pattern must select the same entries on every machine.
/// </summary>
internal sealed class FnmatchPattern
{
    private readonly Regex _regex;

    public FnmatchPattern(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex(Translate(pattern),
            RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.ExplicitCapture);
    }

    public string Pattern { get; }

    public bool IsMatch(string text) => _regex.IsMatch(text);

    /// <summary>True when the text has glob wildcards, as Python's <c>glob.has_magic</c> decides.</summary>
    public static bool HasMagic(string text) => text.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var end = FindClassEnd(pattern, i);
                    if (end < 0)
                    {
                        // An unclosed bracket is a literal, as in fnmatch.
                        regex.Append(@"\[");
                        break;
                    }
                    regex.Append(TranslateClass(pattern.Substring(i + 1, end - i - 1)));
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append(@"\z").ToString();
    }

    // A ']' right after '[' or '[!' belongs to the class, so the search for the closing one starts after it.
    private static int FindClassEnd(string pattern, int open)
    {
        var j = open + 1;
        if (j < pattern.Length && pattern[j] == '!') j++;
        if (j < pattern.Length && pattern[j] == ']') j++;
        return pattern.IndexOf(']', j);
    }

    private static string TranslateClass(string body)
    {
        var negate = body.StartsWith('!');
        if (negate) body = body[1..];
        var escaped = new StringBuilder();
        foreach (var c in body)
        {
            // Keep '-' for ranges; everything else that .NET would read as class syntax is escaped.
            if (c is '\\' or '[' or ']' or '^') escaped.Append('\\');
            escaped.Append(c);
        }
        return (negate ? "[^" : "[") + escaped + "]";
    }
}
