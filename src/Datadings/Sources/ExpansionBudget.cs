namespace Datadings.Sources;

/// <summary>
/// Counts the declared expanded sizes of an archive's entries while it is catalogued and fails, naming the entry,
/// as soon as one of <see cref="LabelledTreeOptions"/>' expansion limits is crossed.
/// </summary>
/// <remarks>
/// Declared sizes are enough: every reader then reads exactly the declared length of an entry and fails if more
/// data follows, so an archive cannot expand beyond what was counted here. Checking at catalogue time means a
/// bomb fails before anything is decompressed into memory or written.
/// </remarks>
internal sealed class ExpansionBudget(string sourcePath, long archiveBytes, LabelledTreeOptions? options)
{
    /// <summary>Expanded sizes up to this many bytes are never refused for their ratio alone.</summary>
    public const long RatioGraceBytes = 16L << 20;

    private readonly LabelledTreeOptions _options = options ?? new LabelledTreeOptions();

    public long ExpandedBytes { get; private set; }

    /// <param name="entryName">The name as the archive stores it, for the message.</param>
    /// <param name="length">The entry's declared expanded size.</param>
    /// <param name="compressedLength">The entry's stored size when the format records it per entry (zip), else null.</param>
    public void Add(string entryName, long length, long? compressedLength = null)
    {
        if (length > _options.MaxEntryBytes)
            throw Exceeded(FormattableString.Invariant($"the entry expands to {length:N0} bytes, more than the {_options.MaxEntryBytes:N0} allowed for one entry (MaxEntryBytes)"), entryName);
        if (compressedLength is { } stored && length > RatioGraceBytes && length > _options.MaxExpansionRatio * Math.Max(stored, 1))
            throw Exceeded(FormattableString.Invariant($"the entry expands {stored:N0} stored bytes to {length:N0} bytes, a ratio of {Ratio(length, stored)}, above the {_options.MaxExpansionRatio} allowed (MaxExpansionRatio); this looks like a zip bomb"), entryName);
        ExpandedBytes += length;
        if (ExpandedBytes > _options.MaxExpandedBytes)
            throw Exceeded(FormattableString.Invariant($"the archive expands to more than the {_options.MaxExpandedBytes:N0} bytes allowed (MaxExpandedBytes) at this entry"), entryName);
        if (ExpandedBytes > RatioGraceBytes && ExpandedBytes > _options.MaxExpansionRatio * Math.Max(archiveBytes, 1))
            throw Exceeded(FormattableString.Invariant($"the {archiveBytes:N0}-byte archive expands to more than {ExpandedBytes:N0} bytes at this entry, a ratio of {Ratio(ExpandedBytes, archiveBytes)}, above the {_options.MaxExpansionRatio} allowed (MaxExpansionRatio); this looks like a zip bomb"), entryName);
    }

    private static string Ratio(long expanded, long stored) =>
        (expanded / (double)Math.Max(stored, 1)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private SourceException Exceeded(string problem, string entryName) =>
        new(problem + ". Raise the limit if the archive is trusted.", sourcePath, entryName) { ExceedsLimit = true };
}
