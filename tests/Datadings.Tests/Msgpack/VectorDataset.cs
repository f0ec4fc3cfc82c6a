using System.Text.Json;
using Datadings.Tests.Support;

namespace Datadings.Tests.Msgpack;

/// <summary>One reference dataset: its data file and its NAME.json description.</summary>
internal sealed class VectorDataset
{
    private static readonly Dictionary<string, VectorDataset> s_loaded = [];

    private VectorDataset(string name)
    {
        Name = name;
        Data = File.ReadAllBytes(SharedVectors.Dataset(name));
        KeysFile = File.ReadAllBytes(SharedVectors.Dataset(name) + ".keys");
        Json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedVectors.Datadings, name, name + ".json"))).RootElement;
        var offsets = new List<long>();
        foreach (var o in Json.GetProperty("offsets").EnumerateArray())
            offsets.Add(o.GetInt64());
        Offsets = offsets.ToArray();
        var keys = new List<string>();
        foreach (var k in Json.GetProperty("keys").EnumerateArray())
            keys.Add(k.GetString()!);
        Keys = keys.ToArray();
        var samples = new List<JsonElement>();
        foreach (var s in Json.GetProperty("samples").EnumerateArray())
            samples.Add(s);
        Samples = samples.ToArray();
    }

    public string Name { get; }
    public byte[] Data { get; }
    public byte[] KeysFile { get; }
    public JsonElement Json { get; }
    public long[] Offsets { get; }
    public string[] Keys { get; }
    public JsonElement[] Samples { get; }

    public ReadOnlyMemory<byte> SampleBytes(int i) => Data.AsMemory((int)Offsets[i], (int)(Offsets[i + 1] - Offsets[i]));

    public static VectorDataset Load(string name)
    {
        lock (s_loaded)
        {
            if (!s_loaded.TryGetValue(name, out var dataset))
                s_loaded[name] = dataset = new VectorDataset(name);
            return dataset;
        }
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in SharedVectors.DatasetNames())
            data.Add(name);
        return data;
    }
}
