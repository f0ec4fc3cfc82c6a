using System.Globalization;
using Datadings.Downloads;
using Microsoft.Build.Framework;

namespace Datadings.Build.Tasks;

/// <summary>
/// Turns a <c>DatasetSource</c> item into an engine <see cref="SourceRequest"/>. Metadata:
/// Md5 (required), Url, Mirrors (semicolon list), Size, ManualDownload. Relative paths are relative to
/// the project directory; an item with neither Url nor ManualDownload is a local file named by its Include.
/// </summary>
internal static class SourceItemReader
{
    public static SourceRequest Read(ITaskItem item, string projectDirectory, string? manualDownloadDirectory)
    {
        var name = Path.GetFileName(item.ItemSpec.Replace('\\', '/'));
        var md5 = item.GetMetadata("Md5").Trim();
        if (md5.Length == 0)
        {
            throw Invalid(name, $"DatasetSource '{item.ItemSpec}' has no Md5 metadata. Every source needs the MD5 its publisher lists "
                + "(or run md5sum on a copy you trust) so the build can verify what it downloads.");
        }

        long? size = null;
        var sizeText = item.GetMetadata("Size").Trim();
        if (sizeText.Length > 0)
        {
            if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw Invalid(name, $"DatasetSource '{item.ItemSpec}' has Size '{sizeText}', which is not a whole number of bytes. Fix or remove the Size metadata.");
            size = parsed;
        }

        var locations = new List<string>();
        foreach (var location in Split(Escaped(item, "Url")).Concat(Split(Escaped(item, "Mirrors"))))
            locations.Add(Absolutize(location, projectDirectory));

        var manual = item.GetMetadata("ManualDownload").Trim();
        string? dropPath = null;
        if (locations.Count == 0 && manual.Length == 0)
            locations.Add(item.GetMetadata("FullPath")); // a file that is part of the project or next to it
        if (manual.Length > 0 && !string.IsNullOrWhiteSpace(manualDownloadDirectory))
            dropPath = Path.GetFullPath(Path.Combine(projectDirectory, manualDownloadDirectory, name));
        return new SourceRequest(name, md5, locations, size, manual.Length == 0 ? null : manual, dropPath);
    }

    /// <summary>
    /// Metadata as written in the project, %-escapes kept. GetMetadata unescapes (%2B → +, %25 → %), which would send
    /// signed and encoded URLs to another address than the one written; ';' separates mirrors, '%3B' does not.
    /// </summary>
    private static string Escaped(ITaskItem item, string name) =>
        item is ITaskItem2 escaped ? escaped.GetMetadataValueEscaped(name) : item.GetMetadata(name);

    private static IEnumerable<string> Split(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>URLs stay escaped (a URL's own syntax); a plain path is unescaped the way MSBuild unescapes paths.</summary>
    private static string Absolutize(string location, string projectDirectory)
    {
        if (location.Contains("://", StringComparison.Ordinal) || location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return location;
        return Path.GetFullPath(Path.Combine(projectDirectory, Uri.UnescapeDataString(location)));
    }

    private static DownloadFailedException Invalid(string name, string message) =>
        new(DownloadFailure.InvalidSource, name, message);
}
