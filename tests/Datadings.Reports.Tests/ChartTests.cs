using SkiaSharp;

namespace Datadings.Reports.Tests;

public class ChartTests
{
    /// <summary>
    /// Many labels are drawn rotated under the axis: ScottPlot sized the axis for unrotated text, so Fashion-MNIST's
    /// "T-shirt/top" ran off the chart's left edge and long names off its bottom. No text may touch the image's edges.
    /// </summary>
    [Fact]
    public void Rotated_label_names_stay_inside_the_chart()
    {
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot with a long name"];
        var png = Charts.LabelHistogram(names, [.. names.Select((_, i) => 100.0 + i)]);
        using var bitmap = SKBitmap.Decode(png);
        bool Dark(int x, int y) { var c = bitmap.GetPixel(x, y); return c.Alpha > 0 && c.Red + c.Green + c.Blue < 3 * 160; }
        const int edge = 3;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < edge; x++)
                Assert.False(Dark(x, y), $"text at the left edge, pixel ({x}, {y})");
        for (int y = bitmap.Height - edge; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                Assert.False(Dark(x, y), $"text at the bottom edge, pixel ({x}, {y})");
    }
}
