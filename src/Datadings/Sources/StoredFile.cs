namespace Datadings.Sources;

/// <summary>
/// A file as a storage knows it: its normalized path, size, position among the storage's items, and
/// why it cannot be a sample (links, devices) when that is so.
/// </summary>
internal sealed record StoredFile(string Path, long Length, int Ordinal, string? Unreadable = null);
