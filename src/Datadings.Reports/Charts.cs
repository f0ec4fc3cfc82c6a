using ScottPlot;

namespace Datadings.Reports;

/// <summary>Charts drawn with ScottPlot, returned as PNG bytes for a <c>data:</c> URI.</summary>
internal static class Charts
{
    private static readonly Lock FontLock = new();
    private static bool _fontsChecked;

    /// <summary>
    /// SkiaSharp's Linux "NoDependencies" build has no fontconfig, so it finds no system font and ScottPlot would draw
    /// no text at all. Then the first well-known sans font file present is registered with ScottPlot by name.
    /// Windows and macOS have native font managers and are left alone.
    /// </summary>
    private static void EnsureFont()
    {
        lock (FontLock)
        {
            if (_fontsChecked) return;
            _fontsChecked = true;
            if (SkiaSharp.SKFontManager.Default.FontFamilyCount > 0 && SkiaSharp.SKTypeface.Default.GlyphCount > 0) return;
            string[] candidates =
            [
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                "/usr/share/fonts/TTF/DejaVuSans.ttf",
            ];
            if (candidates.FirstOrDefault(File.Exists) is not { } file) return; // no text on the chart; the table below still names every label
            Fonts.AddFontFile("CardSans", file);
            Fonts.Default = "CardSans";
        }
    }

    /// <summary>A bar per label, named below the axis (rotated when there are many).</summary>
    public static byte[] LabelHistogram(IReadOnlyList<string> names, IReadOnlyList<double> counts)
    {
        EnsureFont();
        var plot = new Plot();
        var bars = plot.Add.Bars(counts.ToArray());
        bars.Color = Colors.SteelBlue;
        var ticks = names.Select((n, i) => new Tick(i, n.Length > 24 ? n[..23] + "…" : n)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = names.Count > 6 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = names.Count > 6 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("samples");
        if (names.Count > 6)
        {
            // ScottPlot sizes the axis for unrotated labels: rotated ones ran off the image's bottom, and the first
            // ones off its left edge. Room for the longest label at 45° below the axis and left of the first bar.
            float longest = ticks.Max(t => t.Label.Length) * plot.Axes.Bottom.TickLabelStyle.FontSize * 0.6f; // ~ a sans glyph's mean width
            float slant = longest * 0.7072f;
            plot.Axes.Bottom.MinimumSize = slant + 20;
            plot.Axes.Left.MinimumSize = Math.Max(60, slant - 28f * 0.5f + 20);
        }
        int width = Math.Clamp(120 + 28 * names.Count, 480, 1400);
        return plot.GetImageBytes(width, 360, ImageFormat.Png);
    }
}
