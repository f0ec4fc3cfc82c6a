namespace Datadings.Sources;

/// <summary>
/// A labelled tree inside a zip file (the reference's <c>ZipFileReader</c>), read in place with random
/// access through the zip directory. Opening fails if any member name could escape the root; members
/// that are symbolic links fail only when selected. Names without the zip UTF-8 flag are read as code page 437. Listing patterns may name a member or a file on disk.
/// </summary>
public sealed class ZipTreeSource(string path, LabelledTreeOptions? options = null)
    : LabelledTreeSource(new ZipStorage(path, options), options);
