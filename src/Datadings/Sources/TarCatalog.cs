using System.Formats.Tar;

namespace Datadings.Sources;

/// <summary>
/// Lists a tar stream's entries without keeping their data: the one pass every tar storage starts with.
/// </summary>
/// <remarks>
/// Regular files become files; directories (including the root <c>./</c> that <c>tar -C dir .</c> writes) and
/// global pax headers are skipped. A hard link to a regular file stored earlier reads that file's data, as Python's
/// tarfile does; other hard links, symbolic links, devices and fifos are listed as unreadable, so a pattern selecting
/// one fails with a clear message while the rest of the archive stays usable. Every name is checked not to escape
/// the root, and every declared size is counted against the expansion limits before its data is passed.
/// </remarks>
internal static class TarCatalog
{
    /// <param name="dataOffsets">Receives each entry's data offset (seekable streams only), by ordinal.</param>
    public static Dictionary<string, StoredFile> Read(Stream archive, string sourcePath, List<long>? dataOffsets, ExpansionBudget budget,
        CancellationToken cancellationToken = default)
    {
        var files = new Dictionary<string, StoredFile>(StringComparer.Ordinal);
        using var reader = new TarReader(archive, leaveOpen: true);
        var ordinal = 0;
        while (SourceErrors.Guard(sourcePath, null, $"reading the tar header after {ordinal} entries", () => reader.GetNextEntry(copyData: false)) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = ordinal++;
            dataOffsets?.Add(entry.DataOffset);
            if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes)
            {
                if (entry.EntryType == TarEntryType.Directory && !ArchivePaths.IsRoot(entry.Name)) ArchivePaths.Normalize(entry.Name, sourcePath);
                continue;
            }
            var name = ArchivePaths.Normalize(entry.Name, sourcePath);
            var file = entry.EntryType == TarEntryType.HardLink
                ? HardLink(files, name, entry.LinkName, index, sourcePath)
                : new StoredFile(name, entry.Length, index, Unreadable(entry.EntryType));
            // A link's bytes are written again when it is selected, so they count as expanded data too.
            if (file.Unreadable is null) budget.Add(entry.Name, file.Length);
            if (file.Unreadable is null && file.Ordinal == index && dataOffsets is not null && entry.DataOffset + entry.Length > archive.Length)
                throw new SourceException($"the archive is truncated: the entry's {entry.Length} bytes of data end past the end of the file", sourcePath, entry.Name);
            if (!files.TryAdd(name, file))
                throw new SourceException("the archive holds this name more than once", sourcePath, entry.Name);
        }
        return files;
    }

    /// <summary>
    /// A hard link shares the data of the member it names, which tar always stores earlier: the link becomes
    /// a second name for that member's data (same ordinal, so readers fetch the target's bytes).
    /// </summary>
    private static StoredFile HardLink(Dictionary<string, StoredFile> files, string name, string linkName, int index, string sourcePath)
    {
        var target = EntryPath.TryNormalize(linkName, out var targetPath, out _) ? files.GetValueOrDefault(targetPath) : null;
        return target is { Unreadable: null }
            ? new StoredFile(name, target.Length, target.Ordinal)
            : new StoredFile(name, 0, index,
                $"the entry is a hard link to '{linkName}', which is not a regular file stored earlier in this archive; "
                + "pack the archive again with the files themselves (GNU tar: --hard-dereference)");
    }

    private static string? Unreadable(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => null,
        TarEntryType.SymbolicLink => "the entry is a symbolic link, which is not followed (it could point outside the archive); pack the archive again with the files themselves (tar --dereference)",
        _ => $"the entry is of type {type}, not a regular file",
    };
}
