namespace Datadings.Sources;

/// <summary>
/// A search pattern with Python's <c>glob.glob(pattern, recursive=True)</c> semantics, matched against
/// file paths relative to the source root, plus the datadings <c>{LABEL}</c> segment.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Segments are separated by '/'. Wildcards (<c>*</c>, <c>?</c>, <c>[..]</c>) stay inside one segment.</item>
/// <item>A segment that is exactly <c>**</c> matches zero or more directories; at the end of the
/// pattern it matches every file below (at least one more segment, since the segment before it must be a directory).</item>
/// <item>As in glob, a wildcard segment never matches a name starting with '.', unless the pattern
/// segment itself starts with '.'; <c>**</c> never descends into or yields such names.</item>
/// <item><c>{LABEL}</c> must be a whole segment, at most once, and not after <c>**</c> (its depth would be
/// ambiguous); it matches like <c>*</c> and that segment of the match is the label.</item>
/// </list>
/// The reference globs directories but <c>fnmatch</c>es zip member names (where <c>*</c> crosses '/').
/// Here every source uses these glob rules so the same tree gives the same entries everywhere.
/// </remarks>
internal sealed class GlobPattern
{
    public const string LabelMarker = "{LABEL}";
    private const string Recursive = "**";

    private readonly string[] _segments;
    private readonly FnmatchPattern?[] _wildcards;

    public GlobPattern(string pattern)
    {
        Text = pattern;
        _segments = pattern.Split('/').Where(s => s.Length > 0 && s != ".").ToArray();
        if (pattern.StartsWith('/') || _segments.Contains(".."))
            throw new ArgumentException($"Search pattern '{pattern}' must stay inside the source root (no leading '/' or '..').");
        if (_segments.Length == 0)
            throw new ArgumentException($"Search pattern '{pattern}' is empty.");

        var labelAt = Array.IndexOf(_segments, LabelMarker);
        if (_segments.Count(s => s.Contains(LabelMarker)) > (labelAt >= 0 ? 1 : 0))
            throw new ArgumentException($"Search pattern '{pattern}': {LabelMarker} must be a whole path segment and appear at most once.");
        if (labelAt >= 0 && Array.IndexOf(_segments, Recursive) is >= 0 and var recursiveAt && recursiveAt < labelAt)
            throw new ArgumentException($"Search pattern '{pattern}': {LabelMarker} after '**' has no fixed depth.");
        LabelSegment = labelAt >= 0 ? labelAt : null;

        _wildcards = _segments
            .Select(s => s == LabelMarker ? new FnmatchPattern("*") : FnmatchPattern.HasMagic(s) ? new FnmatchPattern(s) : null)
            .ToArray();
        LiteralPrefix = _segments.TakeWhile((s, i) => _wildcards[i] is null && i < _segments.Length - 1).ToArray();
    }

    public string Text { get; }

    /// <summary>Index of the <c>{LABEL}</c> segment, if the pattern has one.</summary>
    public int? LabelSegment { get; }

    /// <summary>The leading directory segments without wildcards: every match lies below them.</summary>
    public IReadOnlyList<string> LiteralPrefix { get; }

    /// <summary>The pattern's segments, without empty and '.' ones.</summary>
    public IReadOnlyList<string> Segments => _segments;

    public bool IsMatch(string[] path) => Match(0, path, 0);

    private bool Match(int p, string[] path, int s)
    {
        if (p == _segments.Length) return s == path.Length;
        if (_segments[p] == Recursive)
        {
            var isLast = p == _segments.Length - 1;
            // zero directories (not for a trailing '**', whose parent must be a directory, not the file)
            if (!isLast && Match(p + 1, path, s)) return true;
            for (var k = s; k < path.Length; k++)
            {
                if (IsHidden(path[k])) return false;
                if (Match(p + 1, path, k + 1)) return true;
            }
            return false;
        }
        if (s == path.Length) return false;
        return SegmentMatches(p, path[s]) && Match(p + 1, path, s + 1);
    }

    private bool SegmentMatches(int p, string name)
    {
        var wildcard = _wildcards[p];
        if (wildcard is null) return name == _segments[p];
        if (IsHidden(name) && !_segments[p].StartsWith('.')) return false;
        return wildcard.IsMatch(name);
    }

    private static bool IsHidden(string name) => name.StartsWith('.');
}
