using System.Text.Json;

namespace Datadings.Tests.Support;

/// <summary>What the NAME.json files of the dataset vectors say about each dataset.</summary>
public static class DatasetVectors
{
    /// <summary>The keys in write order, from NAME.json's "keys".</summary>
    public static string[] Keys(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedVectors.Datadings, name, name + ".json")));
        return json.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
    }

    /// <summary>The bytes of one of the dataset's index files, e.g. <c>IndexFile("two", ".filter")</c>.</summary>
    public static byte[] IndexFile(string name, string suffix) => File.ReadAllBytes(SharedVectors.Dataset(name) + suffix);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in SharedVectors.DatasetNames())
            data.Add(name);
        return data;
    }
}
