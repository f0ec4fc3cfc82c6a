using System.Globalization;
using System.Text;

namespace Datadings.Build.Tasks;

/// <summary>
/// The C# a referencing project compiles so that <c>Datasets.Quickstart.Shapes</c> names a dataset. Each dataset is
/// one self-contained declaration inside <c>partial</c> classes, so the referencing project can concatenate the
/// declarations of all its dataset projects without grouping them.
/// </summary>
internal static class DatasetAccessorCode
{
    /// <summary>A C# identifier from a project or dataset name: words of letters and digits, each capitalised ("digits-sharded" → DigitsSharded).</summary>
    public static string Identifier(string name)
    {
        var result = new StringBuilder(name.Length);
        bool startOfWord = true;
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }
            result.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }
        if (result.Length == 0 || char.IsDigit(result[0])) result.Insert(0, '_');
        return result.ToString();
    }

    /// <summary>A member name for a dataset, never equal to its enclosing class's name (CS0542).</summary>
    public static string MemberName(string datasetName, string className)
    {
        var member = Identifier(datasetName);
        return member == className ? member + "Dataset" : member;
    }

    /// <param name="classNames">Class names by label; none gives the four-argument constructor, so projects built
    /// against an older Datadings package still compile what datasets without class names generate.</param>
    public static string Declaration(string className, string memberName, string datasetName, string relativePath, string buildPath, bool sharded, IReadOnlyList<string> classNames)
    {
        var names = classNames.Count == 0 ? "" : ", new string[] { " + string.Join(", ", classNames.Select(Literal)) + " }";
        return $"internal static partial class Datasets {{ public static partial class {className} {{ " +
            $"public static readonly global::Datadings.DatasetLocation {memberName} = new({Literal(datasetName)}, {Literal(relativePath)}, {Literal(buildPath)}, {(sharded ? "true" : "false")}{names}); }} }}";
    }

    /// <summary>
    /// A C# expression for <paramref name="text"/> with no backslash in it: MSBuild on Unix turns backslashes in
    /// item values it passes around into slashes, so escapes like <c>\"</c> would not survive the referencing
    /// project's WriteLinesToFile. Verbatim strings (quotes doubled) carry the text; backslashes and control
    /// characters become <c>(char)N</c> terms after a string term, so the sum stays a string.
    /// </summary>
    private static string Literal(string text)
    {
        var result = new StringBuilder(text.Length + 3).Append("@\"");
        foreach (char c in text)
        {
            if (c == '\\' || char.IsControl(c))
                result.Append(CultureInfo.InvariantCulture, $"\" + (char){(int)c} + @\"");
            else
                result.Append(c == '"' ? "\"\"" : c.ToString());
        }
        return result.Append('"').ToString();
    }
}
