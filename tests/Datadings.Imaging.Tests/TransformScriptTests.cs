using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Transforms;
using Datadings.Writing;

namespace Datadings.Imaging.Tests;

public sealed class TransformScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-script-").FullName;

    [Theory]
    [InlineData("x = image | decode | blur 3 | encode png", TransformError.InvalidScript, "'blur' is not a step")]
    [InlineData("x = image | decode | resize 10x0 | encode png", TransformError.InvalidOption, "is not a size")]
    [InlineData("x = image | decode | resize 10x10 filter=bicubicish | encode png", TransformError.InvalidOption, "filter=bicubicish is not one of nearest, linear, mipmap, mitchell, catmullrom")]
    [InlineData("x = image | decode | encode png quality=5", TransformError.InvalidOption, "png is lossless")]
    [InlineData("x = image | decode | resize 10x10 colour=red | encode png", TransformError.InvalidOption, "has no option 'colour'")]
    [InlineData("x = image | decode | resize 10x10", TransformError.InvalidScript, "ends with a decoded image")]
    [InlineData("x = image | resize 10x10 | encode png", TransformError.InvalidScript, "takes a decoded image but gets a value (decode first)")]
    [InlineData("x = image | decode | rotate 45 | encode png", TransformError.InvalidOption, "multiples of 90")]
    [InlineData("m = mask | decode label | resize 10x10 filter=linear | encode png", TransformError.InvalidOption, "field 'm', step 'resize': option filter=linear: a label image (decode label) resizes with the nearest filter only")]
    [InlineData("m = mask | decode label | flip horizontal | resize 10x10 filter=mitchell | encode png", TransformError.InvalidOption, "nearest filter only (mitchell would invent")]
    [InlineData("m = mask | decode label | resize 10x10 | encode jpeg", TransformError.InvalidOption, "field 'm', step 'encode': a label image (decode label) must be stored losslessly")]
    [InlineData("m = mask | decode label | encode webp quality=80", TransformError.InvalidOption, "webp would change class ids")]
    [InlineData("frobnicate image", TransformError.InvalidScript, "'frobnicate' is not a statement")]
    [InlineData("cast label int8", TransformError.InvalidOption, "'int8' is not a type")]
    [InlineData("", TransformError.InvalidScript, "no statements")]
    public void Malformed_scripts_are_refused_naming_the_problem(string script, TransformError error, string message)
    {
        var e = Assert.Throws<TransformException>(() => TransformScript.Parse(script));
        Assert.Equal(error, e.Error);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Field_statements_rename_drop_keep_and_cast_apply_in_order_and_the_cache_serves_repeats()
    {
        var input = Path.Combine(_folder, "in.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("a") { ["image"] = Photos.Bytes("coffee.png"), ["label"] = "2", ["junk"] = 1L });
            writer.Write(new Sample("b") { ["image"] = Photos.Bytes("coffee.png"), ["label"] = "0", ["junk"] = 2L });
            writer.Complete();
        }
        var script = TransformScript.Parse("""
            thumb = image | decode | resize 32x24 aspect=fit | rgba | encode png
            rename label class; cast class int64
            keep thumb class
            """);
        using var cache = TransformCache.Open(Path.Combine(_folder, "cache"), 1 << 30);
        var (_, counts) = TransformOperation.Run(input, Path.Combine(_folder, "out.msgpack"), script, new TransformOptions { Threads = 2, Cache = cache });
        // Both samples hold the same photo: one computation, the other taken from the cache only if it was
        // committed in time; across a second run everything is reused.
        Assert.Equal(2, counts.Samples);
        var (_, again) = TransformOperation.Run(input, Path.Combine(_folder, "out2.msgpack"), script, new TransformOptions { Threads = 1, Cache = cache });
        Assert.Equal((0L, 2L), (again.FieldsComputed, again.FieldsReused));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "out.msgpack")), File.ReadAllBytes(Path.Combine(_folder, "out2.msgpack")));
        using var reader = new DatasetReader(Path.Combine(_folder, "out.msgpack"));
        Assert.Equal(["key", "class", "thumb"], reader[0].Keys); // thumb was appended, class kept its place
        Assert.Equal(2L, reader[0]["class"]);
        using var thumb = ImageCodec.Decode((byte[])reader[0]["thumb"]!);
        Assert.Equal((32, 24, 4), (thumb.Width, thumb.Height, thumb.Channels));
    }

    [Fact]
    public void A_sample_that_does_not_fit_names_sample_field_and_step()
    {
        var input = Path.Combine(_folder, "bad.msgpack");
        using (var writer = new DatasetWriter(input))
        {
            writer.Write(new Sample("ok") { ["image"] = Photos.Bytes("coins.png") });
            writer.Write(new Sample("number") { ["image"] = 5L });
            writer.Complete();
        }
        var e = Assert.Throws<TransformException>(() => TransformOperation.Run(input, Path.Combine(_folder, "o.msgpack"),
            TransformScript.Parse("x = image | decode | crop 10x10 | encode png"), new TransformOptions { Threads = 1 }));
        Assert.Equal(TransformError.SampleDoesNotFit, e.Error);
        Assert.StartsWith("sample 'number', field 'x', step 'decode': expects the encoded image as bytes, but the field holds an integer", e.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "o.msgpack")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
