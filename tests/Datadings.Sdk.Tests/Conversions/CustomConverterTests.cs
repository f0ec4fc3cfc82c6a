using Datadings.Reading;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Conversions;

public sealed class CustomConverterTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    /// <summary>Squares.SquaresConverter (and a Failing one); VERSION is replaced by each test.</summary>
    internal const string ConverterCode = """
        using Datadings;
        using Datadings.Conversions;

        namespace Squares;

        public sealed class SquaresConverter : ISampleConverter
        {
            public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
            {
                var words = File.ReadAllLines(context.Source().Path);
                var count = context.LongOption("Count", 3, minimum: 0);
                context.ExpectedSampleCount = count;
                context.OutputMetadata["ClassNames"] = "VERSION";
                for (long i = 0; i < count; i++)
                    yield return new Sample($"n{i}") { ["square"] = i * i, ["word"] = words[i % words.Length], ["version"] = "VERSION" };
            }
        }

        public sealed class Failing : ISampleConverter
        {
            public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
            {
                yield return new Sample("first");
                throw new InvalidOperationException("the converter gave up on purpose");
            }
        }
        """;

    [Fact]
    public async Task A_referenced_class_library_converts_rebuilds_when_its_code_changes_and_its_failures_are_DD2007()
    {
        var folder = Sdk.NewFolder("custom");
        var library = WriteDatadingsLibrary(folder, "Squares");
        void WriteCode(string version) => File.WriteAllText(Path.Combine(library, "Squares.cs"), ConverterCode.Replace("VERSION", version));
        WriteCode("v1");
        var projectDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(projectDir);
        File.WriteAllText(Path.Combine(projectDir, "words.txt"), "zero\none\ntwo\n");
        var md5 = TestBytes.Md5(File.ReadAllBytes(Path.Combine(projectDir, "words.txt")));
        string Items(string extra = "") => $"""
            <ProjectReference Include="../Squares/Squares.csproj" />
            <DatasetSource Include="words.txt" Md5="{md5}" />
            <DatasetConversion Include="squares" Converter="Squares.SquaresConverter, Squares" Source="words.txt" Count="5" />
            {extra}
            """;
        const string withLock = "<PropertyGroup><DatadingsUseLockFile>true</DatadingsUseLockFile></PropertyGroup>";
        var project = WriteDataProject(folder, "data", Items(), withLock);

        var first = await BuildAsync(project);

        AssertSucceeded(first);
        Assert.Equal(["squares"], Converted(first.Output));
        Assert.Equal("v1", OutputsFrom(first.Output).Single().ClassNames);
        var path = Path.Combine(DatasetsDir(project), "squares.msgpack");
        using (var reader = new DatasetReader(path))
        {
            Assert.Equal(5, reader.Count);
            Assert.Equal(16L, reader.Get("n4")["square"]);
            Assert.Equal("one", reader.Get("n4")["word"]);
        }

        // The lock names the converter's code by type, assembly and version (not by the assembly's bytes).
        Assert.Contains("\"code\": \"Squares.SquaresConverter, Squares 1.0.0.0\"", File.ReadAllText(Path.Combine(projectDir, "datasets.lock.json")));

        var noop = await BuildAsync(project);
        AssertSucceeded(noop);
        Assert.Empty(Converted(noop.Output));

        WriteCode("v2");
        // A changed converter that writes other bytes is caught by a locked build; an unlocked one updates the lock.
        var drift = await BuildAsync(project, "-p:DatadingsLockedMode=true");
        AssertFailedWith(drift, "DD6024");
        Assert.Contains("dataset 'squares': file squares.msgpack has MD5 ", ErrorLine(drift.Output, "DD6024"));
        Assert.Equal(["squares"], Converted(drift.Output));
        var changed = await BuildAsync(project);
        AssertSucceeded(changed);
        Assert.Contains("datasets.lock.json: written", changed.Output);
        using (var reader = new DatasetReader(path))
            Assert.Equal("v2", reader[0]["version"]);

        WriteDataProject(folder, "data", Items("""<DatasetConversion Include="broken" Converter="Squares.Failing, Squares" />"""), withLock);
        var failing = await BuildAsync(project);
        AssertFailedWith(failing, "DD2007");
        Assert.Contains("Dataset 'broken' (Squares.Failing, Squares): the converter threw InvalidOperationException: the converter gave up on purpose", ErrorLine(failing.Output, "DD2007"));
        Assert.Contains("squares: up to date", failing.Output);
        Assert.False(File.Exists(Path.Combine(DatasetsDir(project), "broken.msgpack")));
    }
}
