using Datadings.Msgpack;
using Datadings.Reading;
using Datadings.Transforms;
using Datadings.Writing;

namespace Datadings.Imaging.Tests;

/// <summary>The <c>cast FIELD TYPE</c> statement, run through <see cref="TransformOperation"/> on a real dataset file.</summary>
public sealed class CastTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dd-cast-").FullName;

    public static TheoryData<object?, string, object?> Conversions => new()
    {
        { 5L, "int64", 5L },
        { -3.0, "int64", -3L },
        { true, "int64", 1L },
        { "-12", "int64", -12L },
        { 3L, "float64", 3.0 },
        { 2.5, "float64", 2.5 },
        { "2.5", "float64", 2.5 },
        { "1e3", "float64", 1000.0 },
        { 5L, "string", "5" },
        { 0.1, "string", "0.1" },
        { -2.5, "string", "-2.5" },
        { true, "string", "true" },
        { "x", "string", "x" },
        { true, "bool", true },
        { 0L, "bool", false },
        { 1L, "bool", true },
        { "false", "bool", false },
        { "True", "bool", true },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Cast_converts_numbers_strings_and_booleans_and_stores_the_new_type(object? value, string type, object? expected)
    {
        var sample = Run(new Sample("s") { ["v"] = value, ["other"] = "kept" }, $"cast v {type}");
        Assert.Equal(expected, sample["v"]);
        Assert.Equal(expected!.GetType(), sample["v"]!.GetType());
        Assert.Equal(["key", "v", "other"], sample.Keys); // in place
    }

    [Theory]
    [InlineData(2.5, "int64", "a float (2.5) is not a whole number")]
    [InlineData(1e19, "int64", "is not a whole number")]
    [InlineData(double.NaN, "int64", "is not a whole number")]
    [InlineData("12a", "int64", "a string (12a) is not a whole number")]
    [InlineData("", "int64", "is not a whole number")]
    [InlineData(true, "float64", "a boolean (True) is not a number")]
    [InlineData("abc", "float64", "a string (abc) is not a number")]
    [InlineData(2L, "bool", "an integer (2) is not true/false or 0/1")]
    [InlineData("yes", "bool", "a string (yes) is not true/false or 0/1")]
    [InlineData(1.0, "bool", "is not true/false or 0/1")]
    public void A_value_that_does_not_convert_fails_naming_sample_field_and_value(object value, string type, string problem)
    {
        var e = Assert.Throws<TransformException>(() => Run(new Sample("s7") { ["v"] = value }, $"cast v {type}"));
        Assert.Equal(TransformError.SampleDoesNotFit, e.Error);
        Assert.Contains($"sample 's7', field 'v', statement 'cast v {type}': ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "out.msgpack")));
    }

    [Fact]
    public void Bytes_arrays_lists_and_nil_are_not_cast_to_strings()
    {
        foreach (var value in new object?[] { new byte[] { 1, 2 }, new List<object?> { 1L }, NdArray.From(new byte[] { 1, 2 }), null })
        {
            var e = Assert.Throws<TransformException>(() => Run(new Sample("b") { ["v"] = value }, "cast v string"));
            Assert.Contains("sample 'b', field 'v'", e.Message);
            Assert.Contains("is not a number, string or boolean", e.Message);
        }
    }

    [Fact]
    public void Maps_bytes_and_lists_are_named_as_such_and_uint64_above_int64_is_a_number()
    {
        var map = new MsgpackMap { ["x"] = 1L };
        foreach (var (value, kind) in new (object, string)[] { (map, "a map"), (new byte[] { 1, 2 }, "bytes (2)"), (new List<object?> { 1L }, "a list") })
        {
            var e = Assert.Throws<TransformException>(() => Run(new Sample("m") { ["v"] = value }, "cast v int64"));
            Assert.EndsWith($"statement 'cast v int64': {kind} is not a whole number", e.Message);
        }

        const ulong big = 18446744073709551615; // msgpack uint64, as Python writes 2**64 - 1
        Assert.Equal("18446744073709551615", Run(new Sample("u") { ["v"] = big }, "cast v string")["v"]);
        Assert.Equal(1.8446744073709552E19, Run(new Sample("u") { ["v"] = big }, "cast v float64")["v"]);
        var tooBig = Assert.Throws<TransformException>(() => Run(new Sample("u") { ["v"] = big }, "cast v int64"));
        Assert.EndsWith("the integer 18446744073709551615 does not fit in int64 (at most 9223372036854775807)", tooBig.Message);
    }

    [Fact]
    public void A_missing_field_fails_and_the_key_cannot_be_cast_or_dropped()
    {
        var missing = Assert.Throws<TransformException>(() => Run(new Sample("m") { ["v"] = 1L }, "cast label int64"));
        Assert.Equal(TransformError.SampleDoesNotFit, missing.Error);
        Assert.Contains("sample 'm', field 'label', statement 'cast label int64': the sample has no field 'label'", missing.Message);

        var key = Assert.Throws<TransformException>(() => TransformScript.Parse("cast key int64"));
        Assert.Equal(TransformError.InvalidScript, key.Error);
        Assert.Contains("the key field", key.Message);

        // Refused when parsing, like cast: before the first sample, and on an empty dataset too.
        var drop = Assert.Throws<TransformException>(() => TransformScript.Parse("drop image key"));
        Assert.Equal((TransformError.InvalidScript, "statement 'drop image key': the key field cannot be dropped"), (drop.Error, drop.Message));
    }

    [Fact]
    public void Cast_after_a_rename_and_before_keep_reads_the_renamed_field()
    {
        var sample = Run(new Sample("r") { ["label"] = "7", ["junk"] = 1L }, "rename label class; cast class int64; cast class float64; keep class");
        Assert.Equal(["key", "class"], sample.Keys);
        Assert.Equal(7.0, sample["class"]);
    }

    private Sample Run(Sample sample, string script)
    {
        var input = Path.Combine(_folder, "in.msgpack");
        using (var writer = new DatasetWriter(input, new DatasetWriterOptions { Overwrite = true }))
        {
            writer.Write(sample);
            writer.Complete();
        }
        var output = Path.Combine(_folder, "out.msgpack");
        using var parsed = TransformScript.Parse(script);
        TransformOperation.Run(input, output, parsed, new TransformOptions { Threads = 1, Overwrite = true });
        using var reader = new DatasetReader(output);
        return reader[0];
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
