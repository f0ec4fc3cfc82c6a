using ScottPlot;

namespace Datadings.Reports;

/// <summary>Charts drawn with ScottPlot, returned as PNG bytes for a <c>data:</c> URI.</summary>
internal static class Charts
{
    /// <summary>A bar per label, named below the axis (rotated when there are many).</summary>
    public static byte[] LabelHistogram(IReadOnlyList<string> names, IReadOnlyList<double> counts)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(counts.ToArray());
        bars.Color = Colors.SteelBlue;
        var ticks = names.Select((n, i) => new Tick(i, n.Length > 24 ? n[..23] + "…" : n)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = names.Count > 6 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = names.Count > 6 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("samples");
        int width = Math.Clamp(120 + 28 * names.Count, 480, 1400);
        return plot.GetImageBytes(width, 360, ImageFormat.Png);
    }
}
