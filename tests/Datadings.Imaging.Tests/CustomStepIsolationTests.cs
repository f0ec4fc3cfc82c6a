using Datadings.Reading;
using Datadings.Transforms;
using Datadings.Writing;

namespace Datadings.Imaging.Tests;

/// <summary>A careless custom step: flips the first byte of the bytes it is given and returns them.</summary>
public sealed class MutatingStep : IFieldStep
{
    public void Configure(FieldStepOptions options) { }

    public IReadOnlyList<object?> Apply(IReadOnlyList<object?> inputs)
    {
        var bytes = (byte[])inputs[0]!;
        bytes[0] ^= 0xff;
        return [bytes];
    }
}

public sealed class CustomStepIsolationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-custom-").FullName;

    [Fact]
    public void A_custom_step_that_modifies_its_input_bytes_changes_neither_the_source_field_nor_later_statements()
    {
        var input = Path.Combine(_folder, "in.msgpack");
        byte[] photo = Photos.Bytes("coffee.png");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("a") { ["image"] = photo, ["list"] = new List<object?> { new byte[] { 1, 2 } } });
            writer.Complete();
        }
        // The test assembly itself is the "referenced library" holding MutatingStep.
        using var script = TransformScript.Parse("""
            m = image | Datadings.Imaging.Tests.MutatingStep
            thumb = image | decode | resize 8x8 | encode png
            """, new CustomStepLoader([typeof(MutatingStep).Assembly.Location]));
        var output = Path.Combine(_folder, "out.msgpack");
        TransformOperation.Run(input, output, script, new TransformOptions { Threads = 1 });
        using var reader = new DatasetReader(output);
        var sample = reader[0];
        Assert.Equal(photo, (byte[])sample["image"]!);             // before the fix: its first byte was flipped
        Assert.Equal(0x89 ^ 0xff, ((byte[])sample["m"]!)[0]);       // the step's own result is what it returned
        Assert.NotNull(sample["thumb"]);                            // before the fix: DD5003, not an image
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
