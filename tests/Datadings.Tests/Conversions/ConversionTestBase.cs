using Datadings.Conversions;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Conversions;

/// <summary>Writes sources into a temp folder, runs a converter through the runner, reads the result back.</summary>
public abstract class ConversionTestBase : IDisposable
{
    protected TempDir Dir { get; } = new();

    protected string Output => Dir.File("out");

    protected ConversionSource Source(string name, byte[] content)
    {
        File.WriteAllBytes(Dir.File(name), content);
        return new ConversionSource(name, Dir.File(name));
    }

    protected ConversionSource Source(string name, string text) => Source(name, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The context of the last <see cref="Convert"/> (its warnings).</summary>
    protected ConversionContext? Context { get; private set; }

    protected ConversionResult Convert(ISampleConverter converter, IReadOnlyList<ConversionSource> sources,
        Dictionary<string, string>? options = null, string name = "ds", int? shardSize = null, int parallelism = 2)
    {
        Context = new ConversionContext(name, sources, options, Dir.Path, parallelism);
        return ConversionRunner.Run(converter, Context, new ConversionTarget(Output, name, shardSize));
    }

    protected List<Sample> Read(string name = "ds")
    {
        using var reader = new DatasetReader(Path.Combine(Output, name + ".msgpack"));
        reader.Verify();
        return Enumerable.Range(0, reader.Count).Select(i => reader[i]).ToList();
    }

    protected ConversionException Fails(ISampleConverter converter, IReadOnlyList<ConversionSource> sources, Dictionary<string, string>? options = null, ConversionError? error = null)
    {
        var e = Assert.Throws<ConversionException>(() => Convert(converter, sources, options));
        if (error is { } expected) Assert.Equal(expected, e.Error);
        Assert.Empty(Directory.Exists(Output) ? Directory.GetFiles(Output) : []);
        return e;
    }

    public void Dispose() => Dir.Dispose();
}
