namespace Datadings.Sources;

/// <summary>
/// A labelled directory tree (the reference's <c>DirectoryReader</c>). Search patterns and listed paths
/// are relative to <c>root</c>. Symbolic links are followed, as Python's glob does.
/// </summary>
public sealed class DirectoryTreeSource(string root, LabelledTreeOptions? options = null)
    : LabelledTreeSource(new DirectoryStorage(root), options);
