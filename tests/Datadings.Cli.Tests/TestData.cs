using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Cli.Tests;

internal static class TestData
{
    public static string Vector(string name) => SharedVectors.Dataset(name);

    public static string CommandOutput(string command, string name) =>
        Path.Combine(SharedVectors.Datadings, "commands", command, name + ".msgpack");

    /// <summary>Writes a dataset of <paramref name="count"/> samples keyed <c>prefix0, prefix1, …</c> with a label.</summary>
    public static string Generated(TempDir dir, string name, int count, string keyPrefix = "")
    {
        string path = dir.File(name + ".msgpack");
        using var writer = new DatasetWriter(path);
        for (int i = 0; i < count; i++)
            writer.Write(new Sample(keyPrefix + i) { ["label"] = (long)(i % 3), ["image"] = new byte[780] });
        writer.Complete();
        return path;
    }
}
