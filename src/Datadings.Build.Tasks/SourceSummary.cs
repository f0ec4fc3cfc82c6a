using Datadings.Downloads;

namespace Datadings.Build.Tasks;

/// <summary>The one line per source a build prints, saying what it cost: nothing, a hash, or a download.</summary>
internal static class SourceSummary
{
    public static string Describe(SourceResolution r) => r.Outcome switch
    {
        SourceOutcome.Downloaded =>
            $"{r.SourceName}: downloaded {ByteSizes.Format(r.BytesTransferred)} from {r.Location} in {ByteSizes.FormatDuration(r.Duration)} "
            + $"({ByteSizes.FormatRate(r.BytesTransferred / Math.Max(r.Duration.TotalSeconds, 1e-3))}), MD5 {r.Md5} ok -> {r.Path}",
        SourceOutcome.Verified =>
            $"{r.SourceName}: hashed {ByteSizes.Format(r.BytesHashed)} in {ByteSizes.FormatDuration(r.Duration)}, MD5 {r.Md5} ok -> {r.Path}",
        SourceOutcome.DownloadedByOtherBuild =>
            $"{r.SourceName}: fetched by another build while this one waited -> {r.Path}",
        _ => $"{r.SourceName}: up to date -> {r.Path}",
    };
}
