using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Transforms;

public sealed class TransformFailureTests(SdkPackageFixture sdk) : TransformTestBase(sdk)
{
    [Fact]
    public async Task Corrupt_image_unsupported_format_unknown_step_and_mistyped_option_each_fail_with_a_code_naming_dataset_sample_field_and_step()
    {
        var folder = Sdk.NewFolder("transform-failures");
        // skimage ships a truncated JPEG (real corruption) and a TIFF (a format Skia does not decode).
        var directory = Path.Combine(folder, "bad");
        var truncated = WritePhotoArchive(directory, "truncated.tar.gz", PhotoFiles("astronaut.png", "truncated.jpg"));
        var tiff = WritePhotoArchive(directory, "tiff.tar.gz", PhotoFiles("multipage_rgb.tif"));
        var project = WriteDerivedProject(folder, "bad", new Dictionary<string, string>(), $"""
            {truncated}
            {tiff}
            <DatasetConversion Include="truncated" Converter="LabelledTree" Source="truncated.tar.gz" />
            <DatasetConversion Include="tiffs" Converter="LabelledTree" Source="tiff.tar.gz" />
            <DatasetTransform Include="from_truncated" Input="truncated" Steps="small = image | decode | resize 32x32 | encode png" />
            <DatasetTransform Include="from_tiff" Input="tiffs" Steps="small = image | decode | resize 32x32 | encode png" />
            <DatasetTransform Include="unknown_step" Input="truncated" Steps="small = image | decode | sharpen 3 | encode png" />
            <DatasetTransform Include="wrong_type" Input="truncated" Steps="small = image | decode | encode jpeg quality=high" />
            <DatasetTransform Include="label_jpeg" Input="truncated" Steps="mask = image | decode label | resize 8x8 filter=linear | encode png" />
            <DatasetShuffle Include="after_bad" Input="from_truncated" />
            <DatasetShuffle Include="after_unknown_step" Input="unknown_step" />
            """);

        var build = await BuildAsync(project);
        Assert.NotEqual(0, build.ExitCode);
        // MSBuild repeats every error in its summary, with the project appended: count each once.
        var errors = build.Output.Split('\n').Where(l => l.Contains(": error DD", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l[l.IndexOf("error DD", StringComparison.Ordinal)..].Trim(), @"\s*\[[^\]]*\]$", "")).Distinct().ToList();

        var corrupt = Assert.Single(errors, e => e.Contains("DatasetTransform 'from_truncated'"));
        Assert.Contains("error DD5003", corrupt);
        Assert.Contains("sample 'photo/truncated.jpg', field 'small', step 'decode'", corrupt);
        Assert.Contains("truncated", corrupt);

        var unsupported = Assert.Single(errors, e => e.Contains("DatasetTransform 'from_tiff'"));
        Assert.Contains("error DD5003", unsupported);
        Assert.Contains("sample 'photo/multipage_rgb.tif', field 'small', step 'decode'", unsupported);
        Assert.Contains("TIFF", unsupported);

        var unknown = Assert.Single(errors, e => e.Contains("DatasetTransform 'unknown_step'"));
        Assert.Contains("error DD5001", unknown);
        Assert.Contains("field 'small', step 'sharpen': 'sharpen' is not a step", unknown);

        var mistyped = Assert.Single(errors, e => e.Contains("DatasetTransform 'wrong_type'"));
        Assert.Contains("error DD5002", mistyped);
        Assert.Contains("field 'small', step 'encode': option quality=high is not an integer from 0 to 100", mistyped);

        var label = Assert.Single(errors, e => e.Contains("DatasetTransform 'label_jpeg'"));
        // Known from the script alone: refused before any sample, like any other impossible option.
        Assert.Contains("error DD5002", label);
        Assert.Contains("field 'mask', step 'resize': option filter=linear: a label image (decode label) resizes with the nearest filter only", label);
        Assert.DoesNotContain("sample '", label);

        // No output for any failed transform, and what depends on one is not built.
        var datasets = DatasetsDir(project);
        foreach (var name in new[] { "from_truncated", "from_tiff", "unknown_step", "wrong_type", "label_jpeg", "after_bad", "after_unknown_step" })
            Assert.Empty(Directory.GetFiles(datasets, name + ".*"));
        Assert.Contains("warning DD3012: DatasetShuffle 'after_bad' was skipped because its input, the derived dataset 'from_truncated', failed in this build", build.Output);
        // A script refused before any sample fails the item the same way: what reads it is skipped, not told it reads an unknown dataset.
        Assert.Contains("warning DD3012: DatasetShuffle 'after_unknown_step' was skipped because its input, the derived dataset 'unknown_step', failed in this build", build.Output);
        Assert.DoesNotContain("DD3002", build.Output);
        Assert.DoesNotContain("   at ", build.Output); // no stack trace for a user mistake
    }
}
