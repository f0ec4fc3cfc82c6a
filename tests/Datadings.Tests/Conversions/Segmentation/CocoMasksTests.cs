using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Datadings.Conversions.Segmentation;

namespace Datadings.Tests.Conversions.Segmentation;

/// <summary>Runs only where Debian's python3-skimage is installed (CI installs it); skipped with the reason otherwise.</summary>
public sealed class SkimageFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public SkimageFactAttribute()
    {
        if (!File.Exists("/usr/lib/python3/dist-packages/skimage/draw/__init__.py") || !File.Exists(Python))
            Skip = "scikit-image is not installed for Debian's /usr/bin/python3: apt-get install python3-skimage";
    }
}

public class CocoMasksTests
{
    // Pairs of run lengths and their maskApi rleToString text, from the unit tests of an independent implementation
    // (a TypeScript port's "COCO rle counts to string" test), not produced by our code.
    public static TheoryData<uint[], string> PublishedCounts => new()
    {
        { [0, 6, 1, 3], "061M" },
        { [0, 6, 1], "061" },
        { [0, 6, 1, 1], "061K" },
        { [0, 6, 1, 5], "061O" },
        { [0, 6, 1, 6], "0610" },
        { [0, 1, 1, 2, 1, 3, 1, 4, 1], "011101010" },
        { [0, 1024], "0PP1" },
    };

    [Theory]
    [MemberData(nameof(PublishedCounts))]
    public void Compressed_counts_decode_exactly_to_their_published_run_lengths(uint[] counts, string text) =>
        Assert.Equal(counts, CocoMasks.DecodeCounts(text));

    [Fact]
    public void Runs_are_column_major_and_start_with_zeros()
    {
        // 3 rows × 2 columns; runs 1 zero, 3 ones, 2 zeros → column 0 rows 1–2 and column 1 row 0.
        var labels = new ushort[6];
        Assert.True(CocoMasks.Paint([1, 3, 2], labels, height: 3, width: 2, value: 7));
        Assert.Equal(new ushort[] { 0, 7, 7, 0, 7, 0 }, labels);
        Assert.False(CocoMasks.Paint([1, 3, 1], labels, 3, 2, 9)); // 5 pixels of 6: refused, nothing painted
        Assert.Equal(new ushort[] { 0, 7, 7, 0, 7, 0 }, labels);
    }

    [Theory]
    [InlineData("0/", "character 1 ('/') is not a counts character")]
    [InlineData("0p", "character 1 ('p') is not a counts character")]
    [InlineData("0f", "ends in the middle of a number")]
    [InlineData("06N", "run 2 (ending at character 3) is -2, not a length")]
    public void Malformed_counts_text_is_refused_saying_where(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => CocoMasks.DecodeCounts(text)).Message);

    [Fact]
    public void A_rectangle_covers_the_pixels_whose_centres_lie_in_its_half_open_extent()
    {
        // Worked by hand through rleFrPoly: x 1..4, y 1..3 scaled ×5 to 5..20, 5..15; the outline crosses the centres of
        // columns 1, 2, 3 (x + ½ = 1.5, 2.5, 3.5); top at fine row 5 → (5.5 / 5 − ½) = 0.6 → first row 1, bottom 2.6 → row 3
        // (exclusive). COCO's pixel (x, y) covers [x, x+1) × [y, y+1), so this is exactly the rectangle's pixels.
        var labels = new ushort[6 * 5];
        CocoMasks.Paint(CocoMasks.FromPolygon([1, 1, 4, 1, 4, 3, 1, 3], height: 5, width: 6), labels, 5, 6, 1);
        var expected = new ushort[30];
        foreach (int y in new[] { 1, 2 })
            foreach (int x in new[] { 1, 2, 3 })
                expected[y * 6 + x] = 1;
        Assert.Equal(expected, labels);
    }

    /// <summary>
    /// pycocotools and skimage's <c>draw.polygon</c> both fill the pixels whose centres are inside the polygon (even-odd
    /// rule), with two differences: COCO's pixel (x, y) is centred on (x+½, y+½), skimage's on (x, y), so the polygon
    /// goes to skimage shifted by −½; and pycocotools first snaps the vertices and the outline to a 1/5-pixel grid
    /// (rounding by up to 0.1 px each) and breaks ties on the outline its own way. So they may disagree only on pixels
    /// whose centres lie near the outline: vertex snapping moves it by ≤ 0.1·√2 ≈ 0.14 px and the column crossing is
    /// read from a snapped outline point ≤ one fine cell (0.2 px) away, so we bound it by 0.35 px. Measured on 200 seeded random polygons (also self-crossing, partly outside a 37×29
    /// image): the farthest differing centre is 0.22 px from the outline, and 1,117 of 36,157 covered pixels (3.1 %,
    /// small polygons are mostly outline) differ; the test allows 5 %.
    /// </summary>
    [SkimageFact]
    public void Polygons_match_skimage_except_for_pixel_centres_near_the_outline()
    {
        const int width = 37, height = 29;
        var random = new Random(12);
        var polygons = Enumerable.Range(0, 200).Select(_ =>
            Enumerable.Range(0, 2 * random.Next(3, 9)).Select(i => Math.Round(random.NextDouble() * ((i % 2 == 0 ? width : height) + 6) - 3, 2)).ToArray()).ToList();
        var skimage = Skimage(polygons, width, height);

        int differing = 0, covered = 0;
        double worst = 0;
        for (int p = 0; p < polygons.Count; p++)
        {
            var ours = new ushort[width * height];
            CocoMasks.Paint(CocoMasks.FromPolygon(polygons[p], height, width), ours, height, width, 1);
            for (int i = 0; i < ours.Length; i++)
            {
                covered += skimage[p][i];
                if (ours[i] == skimage[p][i]) continue;
                differing++;
                worst = Math.Max(worst, DistanceToOutline(polygons[p], i % width + 0.5, i / width + 0.5));
            }
        }
        Assert.True(worst <= 0.35, $"a pixel whose centre is {worst:F3} px from the outline differs");
        Assert.True(differing < covered / 20, $"{differing} of {covered} covered pixels differ");
        Assert.True(covered > 20_000, "the random polygons cover too little to test anything");
    }

    private static double DistanceToOutline(double[] xy, double px, double py)
    {
        double best = double.MaxValue;
        int n = xy.Length / 2;
        for (int j = 0; j < n; j++)
        {
            double ax = xy[2 * j], ay = xy[2 * j + 1], bx = xy[2 * ((j + 1) % n)], by = xy[2 * ((j + 1) % n) + 1];
            double dx = bx - ax, dy = by - ay, length = dx * dx + dy * dy;
            double t = length == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / length, 0, 1);
            best = Math.Min(best, Math.Sqrt(Math.Pow(ax + t * dx - px, 2) + Math.Pow(ay + t * dy - py, 2)));
        }
        return best;
    }

    /// <summary>Each polygon rasterised by Debian's scikit-image (<c>skimage.draw.polygon(rows, cols, shape)</c>), row-major.</summary>
    private static List<byte[]> Skimage(List<double[]> polygons, int width, int height)
    {
        const string script = """
            import json, sys
            import numpy as np
            from skimage.draw import polygon
            w, h, polys = json.load(sys.stdin)
            for p in polys:
                m = np.zeros((h, w), np.uint8)
                # COCO's pixel (x, y) covers [x, x+1) × [y, y+1), centre (x+.5, y+.5); skimage's is centred on (x, y).
                p = np.array(p) - 0.5
                rr, cc = polygon(p[1::2], p[0::2], shape=(h, w))
                m[rr, cc] = 1
                print(''.join(map(str, m.ravel())))
            """;
        var start = new ProcessStartInfo(SkimageFactAttribute.Python, ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(JsonSerializer.Serialize(new object[] { width, height, polygons }));
        process.StandardInput.Close();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal(polygons.Count, lines.Length);
        return [.. lines.Select(l => l.Select(c => (byte)(c - '0')).ToArray())];
    }
}
