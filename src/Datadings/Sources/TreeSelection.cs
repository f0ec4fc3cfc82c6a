namespace Datadings.Sources;

/// <summary>What a source exposes: the labels list, the entries, and the stored file behind each entry (same index).</summary>
internal sealed record TreeSelection(IReadOnlyList<string> Labels, IReadOnlyList<SourceEntry> Entries, IReadOnlyList<StoredFile> Files);
