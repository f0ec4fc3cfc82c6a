using System.Reflection;

namespace Datadings.Tests.Support;

/// <summary>Locates the read-only reference vectors in ../shared (see shared/vectors/datadings/INDEX.txt).</summary>
public static class SharedVectors
{
    public static string SharedDir { get; } = typeof(SharedVectors).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SharedDir").Value!;

    public static string Datadings => Path.Combine(SharedDir, "vectors", "datadings");

    public static string SimpleBloom => Path.Combine(SharedDir, "vectors", "simplebloom");

    /// <summary>Path of the data file of a vector dataset, e.g. <c>Dataset("two")</c> → .../two/two.msgpack.</summary>
    public static string Dataset(string name) => Path.Combine(Datadings, name, name + ".msgpack");

    public static string AlgorithmVectorsJson => Path.Combine(Datadings, "algorithm_vectors.json");

    /// <summary>The names of the dataset vectors that have a NAME.json description.</summary>
    public static IEnumerable<string> DatasetNames() => new[] { "empty", "one", "two", "mixed1000", "unicode", "numpy" };
}
