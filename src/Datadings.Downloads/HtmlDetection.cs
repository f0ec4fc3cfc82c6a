using System.Text;

namespace Datadings.Downloads;

/// <summary>
/// Recognises a web page served instead of data (login walls, "file moved" pages, consent screens):
/// the most common way a dataset URL goes bad while still answering 200.
/// </summary>
internal static class HtmlDetection
{
    public static bool SourceIsItselfHtml(string sourceName) =>
        sourceName.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || sourceName.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    public static bool IsHtmlContentType(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));

    public static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head[..Math.Min(head.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal))
            text = text[3..].TrimStart();
        return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<html", StringComparison.OrdinalIgnoreCase));
    }
}
