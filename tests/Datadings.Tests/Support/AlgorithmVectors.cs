using System.Text.Json;

namespace Datadings.Tests.Support;

/// <summary>Lazily parsed <c>algorithm_vectors.json</c> plus the small conversions its entries need.</summary>
public static class AlgorithmVectors
{
    private static readonly Lazy<JsonDocument> Document =
        new(() => JsonDocument.Parse(File.ReadAllBytes(SharedVectors.AlgorithmVectorsJson)));

    /// <summary>The entries of one top-level section, e.g. <c>"hash_string"</c>.</summary>
    public static IEnumerable<JsonElement> Section(string name) =>
        Document.Value.RootElement.GetProperty(name).EnumerateArray();

    /// <summary>xunit member data: each entry of a section as its raw JSON text (serialisable test cases).</summary>
    public static TheoryData<string> Cases(string section)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Section(section))
            data.Add(entry.GetRawText());
        return data;
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static int Int(this JsonElement e, string property) => e.GetProperty(property).GetInt32();

    /// <summary>Reads a u64 stored as a decimal string (JSON numbers can't hold all of them).</summary>
    public static ulong U64(this JsonElement e, string property) => ulong.Parse(e.Str(property));

    /// <summary>A list of decimal-string keys (e.g. Shuffler orders) as ints.</summary>
    public static int[] IntKeys(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(k => int.Parse(k.GetString()!)).ToArray();
}
