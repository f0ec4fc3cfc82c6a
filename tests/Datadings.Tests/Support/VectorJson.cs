using System.Text.Json;

namespace Datadings.Tests.Support;

/// <summary>The NAME.json description of a dataset vector: keys, offsets and files (see vectors/datadings/INDEX.txt).</summary>
public sealed class VectorJson
{
    private VectorJson(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static VectorJson Load(string name) =>
        new(JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedVectors.Datadings, name, name + ".json"))).RootElement);

    public string[] Keys => Root.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();

    public long[] Offsets => Root.GetProperty("offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
}
