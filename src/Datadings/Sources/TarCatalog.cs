using System.Formats.Tar;

namespace Datadings.Sources;

/// <summary>
/// Lists a tar stream's entries without keeping their data: the one pass both tar storages start with.
/// </summary>
/// <remarks>
/// Regular files become files; directories and global pax headers are skipped; symbolic links, hard
/// links, devices and fifos are listed as unreadable, so a pattern selecting one fails with a clear
/// message while the rest of the archive stays usable. Every name is checked not to escape the root.
/// </remarks>
internal static class TarCatalog
{
    /// <param name="dataOffsets">Receives each file's data offset (seekable streams only), by ordinal.</param>
    public static Dictionary<string, StoredFile> Read(Stream archive, string sourcePath, List<long>? dataOffsets)
    {
        var files = new Dictionary<string, StoredFile>(StringComparer.Ordinal);
        using var reader = new TarReader(archive, leaveOpen: true);
        var ordinal = 0;
        while (SourceErrors.Guard(sourcePath, null, $"reading the tar header after {ordinal} entries", () => reader.GetNextEntry(copyData: false)) is { } entry)
        {
            var index = ordinal++;
            dataOffsets?.Add(entry.DataOffset);
            if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes) 
            {
                if (entry.EntryType == TarEntryType.Directory) EntryPath.Normalize(entry.Name, sourcePath);
                continue;
            }
            var name = EntryPath.Normalize(entry.Name, sourcePath);
            var unreadable = Unreadable(entry.EntryType);
            if (unreadable is null && dataOffsets is not null && entry.DataOffset + entry.Length > archive.Length)
                throw new SourceException($"the archive is truncated: the entry's {entry.Length} bytes of data end past the end of the file", sourcePath, entry.Name);
            if (!files.TryAdd(name, new StoredFile(name, entry.Length, index, unreadable)))
                throw new SourceException("the archive holds this name more than once", sourcePath, entry.Name);
        }
        return files;
    }

    private static string? Unreadable(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => null,
        TarEntryType.SymbolicLink => "the entry is a symbolic link, which is not followed",
        TarEntryType.HardLink => "the entry is a hard link, which is not followed",
        _ => $"the entry is of type {type}, not a regular file",
    };
}
