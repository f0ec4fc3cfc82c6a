// Writes a small dataset in the datadings format, reads it back, and shows a shuffled epoch.
using Datadings;
using Datadings.Augments;
using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Writing;

var path = Path.Combine(args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data"), "hello.msgpack");

using (var writer = new DatasetWriter(path, new DatasetWriterOptions { Overwrite = true }))
{
    string[] classes = ["cat", "dog", "bird"];
    for (int i = 0; i < 12; i++)
    {
        writer.Write(new Sample($"img-{i:D2}")
        {
            ["image"] = NdArray.From(Enumerable.Range(0, 4).Select(p => (byte)(i * 4 + p)).ToArray(), 2, 2),
            ["label"] = (long)(i % classes.Length),
            ["class"] = classes[i % classes.Length],
        });
    }
    writer.Complete();
    Console.WriteLine($"wrote {writer.Count} samples to {path}");
}

using var reader = new DatasetReader(path);
reader.Verify();
Console.WriteLine($"read back {reader.Count} samples; MD5s verified");
foreach (var sample in reader.Read(0, 3))
{
    var image = (NdArray)sample["image"]!;
    Console.WriteLine($"  {sample.Key}: label={sample["label"]} class={sample["class"]} image={image.Type}[{string.Join("x", image.Shape)}] = {string.Join(",", image.ToArray<byte>())}");
}
Console.WriteLine($"sample with key img-07 has label {reader.Get("img-07")["label"]}");
Console.WriteLine($"shuffled epoch 0: {string.Join(" ", new Shuffler(reader).Select(s => s.Key[4..]))}");
