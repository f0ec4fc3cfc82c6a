// Prints a few samples of the datasets samples/Quickstart builds. Pass a datasets folder to read another one.
using Datadings;
using Datadings.Reading;

var folder = args.Length > 0 ? args[0] : DefaultFolder();
foreach (var name in new[] { "shapes", "measurements" })
{
    var path = Path.Combine(folder, name + ".msgpack");
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{path} does not exist: build it first with `dotnet build samples/Quickstart/Quickstart.dsproj`.");
        return 1;
    }
    using var reader = new DatasetReader(path);
    reader.Verify();
    Console.WriteLine($"{name}: {reader.Count} samples, verified ({path})");
    for (int i = 0; i < Math.Min(3, reader.Count); i++)
        Console.WriteLine("  " + Describe(reader[i]));
}
return 0;

static string Describe(Sample sample) =>
    string.Join(", ", sample.Select(field => $"{field.Key}={Show(field.Value)}"));

static string Show(object? value) => value switch
{
    null => "null",
    byte[] bytes when bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) => $"<PNG, {bytes.Length} bytes>",
    byte[] bytes => $"<{bytes.Length} bytes>",
    string text => $"\"{text}\"",
    IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
    _ => value.ToString() ?? "",
};

// The Quickstart's $(DatasetOutputPath): bin/datasets (the same for every configuration).
static string DefaultFolder() =>
    // This program runs from samples/QuickstartReader/bin/Debug/net10.0/.
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Quickstart", "bin", "datasets"));
