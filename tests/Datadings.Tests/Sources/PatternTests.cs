using Datadings.Sources;

namespace Datadings.Tests.Sources;

public class GlobPatternTests
{
    private static bool Matches(string pattern, string path) => new GlobPattern(pattern).IsMatch(path.Split('/'));

    [Theory]
    [InlineData("{LABEL}/**", "cat/a.png", true)]
    [InlineData("{LABEL}/**", "cat/sub/deeper/a.png", true)]
    [InlineData("{LABEL}/**", "a.png", false)] // the label level must be a directory
    [InlineData("{LABEL}/*.png", "cat/sub/a.png", false)] // '*' stays inside one segment
    [InlineData("train/{LABEL}/*.png", "train/cat/a.png", true)]
    [InlineData("train/{LABEL}/*.png", "test/cat/a.png", false)]
    [InlineData("**/*.png", "a.png", true)] // '**' may match no directory
    [InlineData("**/*.png", "x/y/a.png", true)]
    [InlineData("**", "x/y/a.png", true)]
    [InlineData("a/**/b/*", "a/b/f", true)]
    [InlineData("a/**/b/*", "a/x/y/b/f", true)]
    [InlineData("img?.[pj]*", "img1.png", true)]
    [InlineData("img[!0-9].png", "img1.png", false)]
    public void Matches_like_python_recursive_glob(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Matches(pattern, path));

    [Theory]
    [InlineData("{LABEL}/**", ".git/config")]
    [InlineData("{LABEL}/**", "cat/.DS_Store")]
    [InlineData("{LABEL}/**", "cat/.hidden/a.png")]
    [InlineData("*/*", "cat/.x")]
    public void Wildcards_never_match_hidden_names(string pattern, string path) =>
        Assert.False(Matches(pattern, path));

    [Fact]
    public void A_pattern_segment_starting_with_a_dot_matches_hidden_names() =>
        Assert.True(Matches("{LABEL}/.*", "cat/.keep"));

    [Fact]
    public void Label_segment_and_literal_prefix_are_found()
    {
        var glob = new GlobPattern("data/train/{LABEL}/*.png");
        Assert.Equal(2, glob.LabelSegment);
        Assert.Equal(["data", "train"], glob.LiteralPrefix);
    }

    [Theory]
    [InlineData("**/{LABEL}/*")]       // label depth would be ambiguous
    [InlineData("{LABEL}/{LABEL}/*")]  // two label levels
    [InlineData("x{LABEL}/*")]         // label must be a whole segment
    [InlineData("../{LABEL}/*")]       // outside the root
    [InlineData("/abs/{LABEL}/*")]
    public void Invalid_patterns_are_refused(string pattern) =>
        Assert.Throws<ArgumentException>(() => new GlobPattern(pattern));
}

public class FnmatchPatternTests
{
    [Theory]
    [InlineData("*.png", "cat/sub/a.png", true)] // fnmatch '*' crosses '/': matched on the full path
    [InlineData("cat/*", "cat/sub/a.png", true)]
    [InlineData("*/a.png", "a.png", false)]
    [InlineData("a.png", "cat/a.png", false)] // not a basename match
    [InlineData("*.PNG", "a.png", false)] // case-sensitive everywhere
    [InlineData("[ab]*", "b.txt", true)]
    [InlineData("[!ab]*", "b.txt", false)]
    [InlineData("[]]x", "]x", true)]
    [InlineData("[x", "[x", true)] // unclosed bracket is literal
    [InlineData("a+b(c).txt", "a+b(c).txt", true)]
    public void Matches_like_python_fnmatchcase(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new FnmatchPattern(pattern).IsMatch(text));
}

public class NaturalOrderTests
{
    [Fact]
    public void Sorts_like_natsort_numbers_by_value()
    {
        string[] labels = ["n10", "n2", "n1", "b", "a10b", "a2b", "10", "9", "A"];
        Assert.Equal(["9", "10", "A", "a2b", "a10b", "b", "n1", "n2", "n10"], labels.Order(NaturalOrder.Instance));
    }

    [Fact]
    public void Equal_numbers_are_ordered_deterministically() =>
        Assert.Equal(["01", "1"], new[] { "1", "01" }.Order(NaturalOrder.Instance));

    [Fact]
    public void Paths_sort_segment_by_segment() =>
        Assert.Equal(["a/x", "a/y10", "a0/x", "a.b/x"], new[] { "a.b/x", "a0/x", "a/y10", "a/x" }.Order(NaturalOrder.Paths));
}

public class EntryPathTests
{
    [Theory]
    [InlineData("cat/a.png", "cat/a.png")]
    [InlineData("./cat/a.png", "cat/a.png")]
    [InlineData("cat//a.png", "cat/a.png")]
    public void Harmless_names_are_normalized(string name, string expected)
    {
        Assert.True(EntryPath.TryNormalize(name, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("../x", "'..'")]
    [InlineData("cat/../../x", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/x", "drive letter")]
    [InlineData("c:x", "drive letter")]
    [InlineData("cat\\..\\..\\x", "backslash")]
    [InlineData("\\\\server\\share", "backslash")]
    [InlineData("a\0b", "NUL")]
    [InlineData("", "empty")]
    [InlineData("./", "below the root")]
    public void Names_that_could_escape_the_root_are_refused(string name, string reason)
    {
        Assert.False(EntryPath.TryNormalize(name, out _, out var problem));
        Assert.Contains(reason, problem);
    }
}
