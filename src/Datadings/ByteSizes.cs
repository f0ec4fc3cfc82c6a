using System.Globalization;

namespace Datadings;

/// <summary>Human-readable sizes and rates for messages (decimal units, like download tools show).</summary>
public static class ByteSizes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1_000 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1_000_000 => (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        < 1_000_000_000 => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
    };

    /// <summary>"12.3 MB/s", or kB/s below 1 MB/s so a slow link never shows as "0.0 MB/s".</summary>
    public static string FormatRate(double bytesPerSecond) => bytesPerSecond < 1e6
        ? (bytesPerSecond / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB/s"
        : (bytesPerSecond / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB/s";

    public static string FormatDuration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        < 3600 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };

    /// <summary>"123 bytes" with the exact count, for messages that compare sizes.</summary>
    public static string Exact(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
