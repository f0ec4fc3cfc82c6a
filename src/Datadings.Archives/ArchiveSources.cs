using Datadings.Sources;

namespace Datadings.Archives;

/// <summary>
/// Adds the archive kinds of this package to <see cref="LabelledTreeSource.Open"/>, so every converter that reads a
/// labelled tree (LabelledTree, Cifar10/100, custom ones using <c>LabelledTreeSource.Open</c>) accepts them:
/// <c>.tar.bz2</c>/<c>.tbz2</c>/<c>.tbz</c>, <c>.tar.xz</c>/<c>.txz</c>, <c>.tar.zst</c>/<c>.tzst</c> and <c>.7z</c>.
/// The SDK's tasks call it at start; a program calls it once before opening sources. Idempotent and thread-safe.
/// </summary>
public static class ArchiveSources
{
    public static void Register()
    {
        foreach (var suffix in ArchiveTreeSource.Suffixes)
            TreeSourceKinds.Register(suffix, (path, options, cancellationToken) => new ArchiveTreeSource(path, options, cancellationToken));
    }
}
