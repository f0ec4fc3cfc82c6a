using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Operations;

/// <summary>The reference command outputs in shared/vectors/datadings/commands and small generated inputs.</summary>
internal static class CommandVectors
{
    public static string Output(string command, string name) =>
        Path.Combine(SharedVectors.Datadings, "commands", command, name + ".msgpack");

    /// <summary>Writes a dataset of <paramref name="count"/> samples keyed <c>prefix0, prefix1, …</c>.</summary>
    public static string Generated(TempDir dir, string name, int count, string keyPrefix = "")
    {
        string path = dir.File(name + ".msgpack");
        using var writer = new DatasetWriter(path);
        for (int i = 0; i < count; i++)
            writer.Write(new Sample(keyPrefix + i) { ["label"] = (long)(i % 3), ["value"] = i * 0.5 });
        writer.Complete();
        return path;
    }
}
