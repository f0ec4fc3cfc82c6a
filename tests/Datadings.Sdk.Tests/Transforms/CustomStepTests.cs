using System.Security.Cryptography;
using Datadings.Reading;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Transforms;

/// <summary>
/// Custom transform steps (IFieldStep) in a real class library the test writes and the .dsproj references: built by
/// the same `dotnet build`, loaded isolated, their assembly's hash part of the stamp and the per-sample cache key.
/// </summary>
public sealed class CustomStepTests(SdkPackageFixture sdk) : TransformTestBase(sdk)
{
    private const string StepCode = """
        using System.Security.Cryptography;
        using Datadings.Transforms;

        namespace PhotoSteps;

        /// <summary>Several fields in, several out: a short digest of the image bytes and the label with a prefix.</summary>
        public sealed class Describe : IFieldStep
        {
            private string _prefix = "";

            public void Configure(FieldStepOptions options)
            {
                _prefix = options.Named.TryGetValue("prefix", out var p) ? p : throw new ArgumentException("needs prefix=TEXT");
                if (options.Sources.Count != 2 || options.Targets.Count != 2) throw new ArgumentException("reads image, label and writes two fields");
            }

            public IReadOnlyList<object?> Apply(IReadOnlyList<object?> inputs) =>
                [Convert.ToHexStringLower(SHA256.HashData((byte[])inputs[0]!))[..16], $"{_prefix}{inputs[1]}-VERSION"];
        }

        /// <summary>One field in, one out, after built-in steps: the byte count of what it gets.</summary>
        public sealed class Length : IFieldStep
        {
            public void Configure(FieldStepOptions options) { }

            public IReadOnlyList<object?> Apply(IReadOnlyList<object?> inputs) => [(long)((byte[])inputs[0]!).Length];
        }

        public sealed class Picky : IFieldStep
        {
            public void Configure(FieldStepOptions options) { }

            public IReadOnlyList<object?> Apply(IReadOnlyList<object?> inputs) =>
                ((byte[])inputs[0]!).Length > 400_000 ? throw new InvalidOperationException("this photo is too big for me") : [1L];
        }

        public sealed class NotAStep
        {
        }
        """;

    private const string GoodItems = """
        <DatasetTransform Include="described" Input="photos">
          <Steps>
            digest, tag = image, label | PhotoSteps.Describe prefix=class-
            thumb_bytes = image | decode | resize 16x16 | encode png | PhotoSteps.Length,PhotoSteps
            drop image _label
          </Steps>
        </DatasetTransform>
        <DatasetSplit Include="described_split" Input="described" Parts="described_a:0.5;described_b:0.5" />
        """;

    [Fact]
    public async Task A_custom_step_in_a_referenced_library_computes_fields_recomputes_when_its_code_changes_and_fails_with_coded_errors()
    {
        var folder = Sdk.NewFolder("custom-step");
        var library = WriteDatadingsLibrary(folder, "PhotoSteps");
        void WriteCode(string version) => File.WriteAllText(Path.Combine(library, "Steps.cs"), StepCode.Replace("VERSION", version));
        WriteCode("v1");
        string[] photos = ["coffee.png", "chelsea.png", "rocket.jpg", "camera.png"];
        string Project(string extra = "") => WritePhotoProject(folder, "photos", PhotoFiles(photos),
            $"""<ProjectReference Include="../PhotoSteps/PhotoSteps.csproj" />""" + GoodItems + extra);
        var project = Project();

        var first = await BuildAsync(project);
        AssertSucceeded(first);
        Assert.Equal(["described", "described_a", "described_b"], Built(first.Output));
        Assert.Equal((4, 4), ComputedSamples(first.Output, "described"));
        var datasets = DatasetsDir(project);
        using (var reader = new DatasetReader(Path.Combine(datasets, "described.msgpack")))
        {
            foreach (var name in photos)
            {
                Assert.True(reader.TryFindIndex("photo/" + name, out var index));
                var sample = reader[index];
                Assert.Equal(["key", "label", "digest", "tag", "thumb_bytes"], sample.Keys);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Photo(name))))[..16], sample["digest"]);
                Assert.Equal($"class-{sample["label"]}-v1", sample["tag"]);
                Assert.InRange(Assert.IsType<long>(sample["thumb_bytes"]), 100L, 2000L); // a 16×16 PNG's length
            }
        }
        var firstMd5 = Md5sOf(datasets)["described.msgpack"];

        // Nothing changed: up to date, the library is not even asked to compute.
        var again = await BuildAsync(project);
        AssertSucceeded(again);
        Assert.Empty(Built(again.Output));

        // The library's code changed: the stamp and every cache key change, so every sample is computed again.
        WriteCode("v2");
        var changed = await BuildAsync(project);
        AssertSucceeded(changed);
        Assert.Equal(["described", "described_a", "described_b"], Built(changed.Output));
        Assert.Equal((4, 4), ComputedSamples(changed.Output, "described"));
        using (var reader = new DatasetReader(Path.Combine(datasets, "described.msgpack")))
            Assert.EndsWith("-v2", (string)reader[0]["tag"]!);
        Assert.NotEqual(firstMd5, Md5sOf(datasets)["described.msgpack"]);

        // Back to v1: everything comes from the cache, and the bytes are the first build's.
        WriteCode("v1");
        var back = await BuildAsync(project);
        AssertSucceeded(back);
        Assert.Equal((0, 4), ComputedSamples(back.Output, "described"));
        Assert.Equal(firstMd5, Md5sOf(datasets)["described.msgpack"]);

        // Mistakes: each a coded error naming the dataset (and for data errors sample, field and step), no output.
        Project("""
            <DatasetTransform Include="throws" Input="photos" Steps="ok = image | PhotoSteps.Picky" />
            <DatasetTransform Include="missing_type" Input="photos" Steps="x = image | PhotoSteps.Nope" />
            <DatasetTransform Include="not_a_step" Input="photos" Steps="x = image | PhotoSteps.NotAStep" />
            <DatasetTransform Include="bad_option" Input="photos" Steps="a, b = image, label | PhotoSteps.Describe" />
            <DatasetTransform Include="wrong_assembly" Input="photos" Steps="x = image | PhotoSteps.Length,Elsewhere" />
            <DatasetTransform Include="two_builtins" Input="photos" Steps="a, b = image | decode | encode png" />
            """);
        var failed = await BuildAsync(project);
        Assert.NotEqual(0, failed.ExitCode);
        string Error(string dataset) => failed.Output.Split('\n').First(l => l.Contains($"DatasetTransform '{dataset}'", StringComparison.Ordinal) && l.Contains(": error DD", StringComparison.Ordinal));
        var big = photos.Single(p => new FileInfo(Photo(p)).Length > 400_000);
        Assert.Contains($"error DD5005: DatasetTransform 'throws': sample 'photo/{big}', field 'ok', step 'PhotoSteps.Picky': PhotoSteps.Picky.Apply threw InvalidOperationException: this photo is too big for me", Error("throws"));
        Assert.Contains("error DD5005", Error("missing_type"));
        Assert.Contains("field 'x', step 'PhotoSteps.Nope': the type 'PhotoSteps.Nope' is not in PhotoSteps.dll (public types: PhotoSteps.Describe, PhotoSteps.Length, PhotoSteps.Picky, PhotoSteps.NotAStep)", Error("missing_type"));
        Assert.Contains("error DD5005", Error("not_a_step"));
        Assert.Contains("'PhotoSteps.NotAStep' does not implement Datadings.Transforms.IFieldStep", Error("not_a_step"));
        Assert.Contains("error DD5002: DatasetTransform 'bad_option': field 'a, b', step 'PhotoSteps.Describe': needs prefix=TEXT", Error("bad_option"));
        Assert.Contains("error DD5005", Error("wrong_assembly"));
        Assert.Contains("no assembly 'Elsewhere' among the transform step assemblies (PhotoSteps.dll)", Error("wrong_assembly"));
        Assert.Contains("error DD5001", Error("two_builtins"));
        Assert.Contains("several target or source fields need exactly one step, a custom step", Error("two_builtins"));
        foreach (var name in new[] { "throws", "missing_type", "not_a_step", "bad_option", "wrong_assembly", "two_builtins" })
            Assert.Empty(Directory.GetFiles(datasets, name + ".*"));
        Assert.Contains("described: up to date", failed.Output);
        Assert.DoesNotContain("   at ", failed.Output); // no stack trace for a user mistake
    }
}
