namespace Datadings.Conversions.Segmentation;

/// <summary>
/// COCO's binary masks as run lengths, read and rasterised the way the COCO API (pycocotools, <c>common/maskApi.c</c>
/// by Piotr Dollár and Tsung-Yi Lin) does, so a label image made here has the pixels COCO's own tools give:
/// <list type="bullet">
/// <item>A mask of h×w pixels is a list of run lengths over the pixels in <b>column-major</b> order (index
/// <c>x·h + y</c>), alternating 0-runs and 1-runs and starting with a 0-run (which may be empty).</item>
/// <item>Compressed counts (<see cref="DecodeCounts"/>) are maskApi's <c>rleToString</c> text: each count is a signed
/// number written 5 bits per character (low bits first, ASCII 48 + value, bit 0x20 = more characters follow, bit
/// 0x10 of the last character = negative); from the fourth count on, the number is the difference to the count
/// two places before.</item>
/// <item>Polygons (<see cref="FromPolygon"/>) follow maskApi's <c>rleFrPoly</c>: vertices scaled by 5 and rounded,
/// the outline walked densely between them, then one boundary point per pixel column at the pixel centres, and the
/// pixels between boundary points filled by parity (even-odd rule).</item>
/// </list>
/// </summary>
public static class CocoMasks
{
    /// <summary>
    /// The run lengths of a compressed COCO RLE string (<c>"counts": "…"</c>); throws <see cref="FormatException"/>
    /// for a character outside ASCII 48–111, a text that ends in the middle of a number, or a negative run.
    /// </summary>
    public static uint[] DecodeCounts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new List<uint>(text.Length);
        int p = 0;
        while (p < text.Length)
        {
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= text.Length) throw new FormatException($"the counts text ends in the middle of a number (character {p})");
                int c = text[p] - 48;
                if (c is < 0 or > 63) throw new FormatException($"character {p} ('{text[p]}') is not a counts character (ASCII 48–111)");
                if (5 * k > 57) throw new FormatException($"the number ending at character {p} is too long");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k); // sign-extend
            }
            if (counts.Count > 2) x += counts[^2];
            if (x is < 0 or > uint.MaxValue) throw new FormatException($"run {counts.Count} (ending at character {p}) is {x}, not a length");
            counts.Add((uint)x);
        }
        return [.. counts];
    }

    /// <summary>
    /// The run lengths of one polygon (<c>[x1, y1, x2, y2, …]</c> in pixel coordinates, an even number of values) on an
    /// image of <paramref name="height"/> × <paramref name="width"/> pixels, exactly as maskApi's <c>rleFrPoly</c>
    /// computes them (including its rounding: C truncation toward zero of <c>5·x + 0.5</c>). Parts outside the image are cut off.
    /// </summary>
    public static uint[] FromPolygon(ReadOnlySpan<double> xy, int height, int width)
    {
        if (xy.Length % 2 != 0) throw new ArgumentException("a polygon needs an even number of coordinates", nameof(xy));
        const double scale = 5;
        int k = xy.Length / 2;
        uint total = checked((uint)((long)height * width));
        if (k == 0) return [total];
        // Upsample: vertices on a 5× finer grid, then every grid point along each edge (a DDA line).
        var x = new int[k + 1];
        var y = new int[k + 1];
        for (int j = 0; j < k; j++)
        {
            x[j] = (int)(scale * xy[2 * j] + .5);
            y[j] = (int)(scale * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        long points = 0;
        for (int j = 0; j < k; j++) points += Math.Max(Math.Abs(x[j] - x[j + 1]), Math.Abs(y[j] - y[j + 1])) + 1;
        var u = new int[points];
        var v = new int[points];
        int m = 0;
        for (int j = 0; j < k; j++)
        {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
            bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) (xs, xe, ys, ye) = (xe, xs, ye, ys);
            double s = dx >= dy ? (double)(ye - ys) / dx : (double)(xe - xs) / dy;
            if (dx >= dy)
            {
                for (int d = 0; d <= dx; d++)
                {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int)(ys + s * t + .5);
                    m++;
                }
            }
            else
            {
                for (int d = 0; d <= dy; d++)
                {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int)(xs + s * t + .5);
                    m++;
                }
            }
        }
        // Downsample: where the outline crosses a pixel column's centre, the first pixel row below the crossing.
        var boundary = new List<uint>(m + 1);
        for (int j = 1; j < m; j++)
        {
            if (u[j] == u[j - 1]) continue;
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / scale - .5;
            if (Math.Floor(xd) != xd || xd < 0 || xd > width - 1) continue;
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / scale - .5;
            if (yd < 0) yd = 0;
            else if (yd > height) yd = height;
            yd = Math.Ceiling(yd);
            boundary.Add(unchecked((uint)((int)xd * height + (int)yd)));
        }
        // Each boundary point toggles inside/outside in column-major order; two at the same place cancel.
        boundary.Add(total);
        boundary.Sort();
        var a = boundary.ToArray();
        uint previous = 0;
        for (int j = 0; j < a.Length; j++)
        {
            uint t = a[j];
            a[j] -= previous;
            previous = t;
        }
        var counts = new List<uint>(a.Length) { a[0] };
        for (int j = 1; j < a.Length;)
        {
            if (a[j] > 0) counts.Add(a[j++]);
            else if (++j < a.Length) counts[^1] += a[j++];
        }
        return [.. counts];
    }

    /// <summary>
    /// Sets to <paramref name="value"/> every pixel of a row-major label image (<paramref name="labels"/>, width × height)
    /// that the mask's 1-runs cover. Returns false, writing nothing, when the runs do not add up to width × height.
    /// </summary>
    public static bool Paint(ReadOnlySpan<uint> counts, ushort[] labels, int height, int width, ushort value)
    {
        long total = 0;
        foreach (uint c in counts) total += c;
        if (total != (long)height * width || labels.Length != total) return false;
        long position = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            long end = position + counts[r];
            if ((r & 1) == 1)
            {
                for (long i = position; i < end; i++)
                {
                    long column = i / height, row = i - column * height;
                    labels[row * width + column] = value;
                }
            }
            position = end;
        }
        return true;
    }

    /// <summary>The sum of the run lengths (must be height × width for a mask of that size).</summary>
    public static long Total(ReadOnlySpan<uint> counts)
    {
        long total = 0;
        foreach (uint c in counts) total += c;
        return total;
    }
}
