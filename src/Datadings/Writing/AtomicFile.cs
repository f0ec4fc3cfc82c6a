using System.Text;

namespace Datadings.Writing;

/// <summary>Writes one small file all-or-nothing (staged beside it, then moved into place), like the dataset writer.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text, bool overwrite)
    {
        OutputFolder.CreateFor(path);
        using var staged = new StagedFiles();
        staged.WriteAllBytes(Path.GetFullPath(path), new UTF8Encoding(false).GetBytes(text));
        staged.Commit(overwrite);
    }
}
