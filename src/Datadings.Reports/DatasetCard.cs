using System.Globalization;
using System.Net;
using System.Text;
using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Reports;

/// <summary>
/// Writes a dataset card: one self-contained HTML page (inline CSS, images as <c>data:</c> URIs, no scripts, no
/// external requests) with counts and sizes, every field's types and ranges, the label histogram over all samples
/// and seeded thumbnails per class. At most <see cref="CardOptions.MaxCardBytes"/> bytes.
/// </summary>
public static class DatasetCard
{
    /// <summary>Reads all samples of the dataset at <paramref name="datasetPath"/> and returns its card.</summary>
    /// <exception cref="FileNotFoundException">The data file or an index file is missing.</exception>
    /// <exception cref="DatadingsFormatException">A sample or index file is corrupt (the message names file and offset).</exception>
    /// <exception cref="ArgumentException">A required label or mask field (<see cref="CardOptions.RequireLabelField"/>) is in no sample.</exception>
    public static string Render(string datasetPath, CardOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new CardOptions();
        using var reader = new DatasetReader(datasetPath);
        var stats = DatasetStatistics.Scan(reader, options.LabelField, options.ThumbnailsPerClass, options.Seed, cancellation);
        if (options.RequireLabelField) RequireField(stats, options.LabelField, "label");
        if (options.RequireMaskField) RequireField(stats, options.MaskField, "mask");
        return Render(reader, stats, options);
    }

    private static void RequireField(DatasetStatistics stats, string field, string role)
    {
        // An empty dataset has no sample to lack the field: its absence says nothing about a typo.
        if (stats.SampleCount == 0 || stats.Fields.Any(f => f.Name == field)) return;
        throw new ArgumentException($"{stats.DataPath}: no sample has the {role} field \"{field}\"; the fields of its {N(stats.SampleCount)} samples are "
            + string.Join(", ", stats.Fields.Select(f => $"\"{f.Name}\"")));
    }

    /// <summary>Writes the card of <paramref name="datasetPath"/> to <paramref name="cardPath"/> (atomically: all or nothing).</summary>
    public static void Write(string datasetPath, string cardPath, CardOptions? options = null, CancellationToken cancellation = default)
    {
        // A card path that cannot become a file fails before the scan, naming the user's path.
        OutputFolder.CheckFile(cardPath);
        if (DatasetPaths.For(datasetPath).IsReplacedBy(cardPath))
            throw new ArgumentException($"the card {cardPath} would replace a file of the dataset {datasetPath}; write it elsewhere");
        AtomicFile.WriteAllText(cardPath, Render(datasetPath, options, cancellation), overwrite: true);
    }

    internal static string Render(DatasetReader reader, DatasetStatistics stats, CardOptions options)
    {
        var html = new StringBuilder();
        string title = options.Title ?? Path.GetFileName(stats.DataPath);
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>{E(title)} · dataset card</title>
            <style>{Css}</style></head><body>
            <h1>{E(title)}</h1>
            <table class="kv">
            <tr><th>Samples</th><td>{N(stats.SampleCount)}</td></tr>
            <tr><th>Data file</th><td>{E(Path.GetFileName(stats.DataPath))} · {Bytes(stats.DataBytes)}</td></tr>
            <tr><th>Index files</th><td>{Bytes(stats.IndexBytes)}</td></tr>
            <tr><th>Mean sample size</th><td>{(stats.SampleCount == 0 ? "–" : Bytes(stats.DataBytes / stats.SampleCount))}</td></tr>
            </table>

            """);
        AppendProvenance(html, options);
        AppendFields(html, stats, options);
        if (stats.LabelField is not null) AppendLabels(html, stats, options);
        if (stats.ImageField is not null) AppendThumbnails(html, reader, stats, options);
        html.Append("<footer>Written by Datadings.Reports from all ")
            .Append(N(stats.SampleCount)).Append(" samples.</footer>\n</body></html>\n");
        return html.ToString();
    }

    private static void AppendProvenance(StringBuilder html, CardOptions options)
    {
        if (options.Sources.Count > 0)
        {
            html.Append("<h2>Sources</h2>\n<table><tr><th>File</th><th>URL</th><th>MD5</th></tr>\n");
            foreach (var s in options.Sources)
                html.Append($"<tr><td>{E(s.Name)}</td><td class=\"url\">{E(s.Url)}</td><td><code>{E(s.Md5)}</code></td></tr>\n");
            html.Append("</table>\n");
        }
        if (options.Steps.Count > 0)
        {
            html.Append("<h2>Made by</h2>\n<ol class=\"steps\">\n");
            foreach (var step in options.Steps)
                html.Append("<li>").Append(E(step.Kind)).Append(": ")
                    .Append(step.Href is null ? E(step.Dataset) : $"<a href=\"{E(step.Href)}\">{E(step.Dataset)}</a>").Append("</li>\n");
            html.Append("</ol>\n");
        }
    }

    private static void AppendFields(StringBuilder html, DatasetStatistics stats, CardOptions options)
    {
        html.Append("<h2>Fields</h2>\n<table class=\"fields\"><tr><th>Field</th><th>Types (samples)</th><th>Min</th><th>Max</th><th>Mean</th><th>Length min / max / mean</th></tr>\n");
        foreach (var f in stats.Fields.Take(options.MaxTableRows))
        {
            string types = string.Join(", ", f.Types.OrderByDescending(t => t.Value).Select(t => $"{E(t.Key)} ({N(t.Value)})"));
            var n = f.Numbers;
            var l = f.Lengths;
            html.Append($"<tr><td><code>{E(f.Name)}</code></td><td>{types}</td>")
                .Append(n is null ? "<td></td><td></td><td></td>" : $"<td>{G(n.Min)}</td><td>{G(n.Max)}</td><td>{G(n.Mean)}</td>")
                .Append(l is null ? "<td></td>" : $"<td>{G(l.Min)} / {G(l.Max)} / {G(l.Mean)}</td>")
                .Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (stats.Fields.Count > options.MaxTableRows)
            html.Append($"<p class=\"note\">{N(stats.Fields.Count - options.MaxTableRows)} more fields not listed.</p>\n");
    }

    private static void AppendLabels(StringBuilder html, DatasetStatistics stats, CardOptions options)
    {
        html.Append($"<h2>Labels <small>(field <code>{E(stats.LabelField!)}</code>, {N(stats.Labels.Count)} distinct, all samples)</small></h2>\n");
        var shown = stats.Labels.Take(options.MaxChartClasses).ToList();
        byte[] chart = Charts.LabelHistogram([.. shown.Select(l => ClassName(l.Label, options) ?? l.Label)], [.. shown.Select(l => (double)l.Count)]);
        html.Append($"<img class=\"chart\" alt=\"label histogram\" src=\"data:image/png;base64,{Convert.ToBase64String(chart)}\">\n");
        if (stats.Labels.Count > shown.Count)
            html.Append($"<p class=\"note\">The chart shows the first {N(shown.Count)} labels.</p>\n");
        html.Append("<table class=\"labels\"><tr><th>Label</th><th>Class</th><th>Samples</th><th>Share</th></tr>\n");
        foreach (var (label, count) in stats.Labels.Take(options.MaxTableRows))
            html.Append($"<tr data-label=\"{E(label)}\" data-count=\"{count.ToString(CultureInfo.InvariantCulture)}\"><td>{E(label)}</td><td>{E(ClassName(label, options) ?? "")}</td><td>{N(count)}</td><td>{E(DisplayText.Percent(count, stats.SampleCount, decimals: 2))} %</td></tr>\n");
        html.Append("</table>\n");
        if (stats.Labels.Count > options.MaxTableRows)
            html.Append($"<p class=\"note\">{N(stats.Labels.Count - options.MaxTableRows)} more labels not listed.</p>\n");
    }

    private static void AppendThumbnails(StringBuilder html, DatasetReader reader, DatasetStatistics stats, CardOptions options)
    {
        html.Append($"<h2>Images <small>(field <code>{E(stats.ImageField!)}</code>, seeded choice, seed {options.Seed.ToString(CultureInfo.InvariantCulture)})</small></h2>\n");
        var groups = stats.LabelField is null ? [""] : stats.Labels.Take(options.MaxChartClasses).Select(l => l.Label).ToList();
        long spent = 0;
        int skipped = 0;
        var masks = MaskPainter.For(options);
        if (masks is not null) AppendLegend(html, options.LabelMap!);
        foreach (string label in groups)
        {
            if (!stats.ThumbnailSamples.TryGetValue(label, out var indices)) continue;
            html.Append("<div class=\"class\">");
            if (stats.LabelField is not null)
                html.Append($"<h3>{E(label)} {E(ClassName(label, options) ?? "")}</h3>");
            foreach (int index in indices)
            {
                var sample = reader.Get(index);
                if (sample.GetValueOrDefault(stats.ImageField!) is not byte[] encoded || ImageMagic.Of(encoded) is null) continue;
                if (spent > options.ThumbnailBudgetBytes) { skipped++; continue; }
                string? thumb = Thumbnail(encoded, options.ThumbnailSize);
                if (thumb is null)
                {
                    html.Append($"<span class=\"bad\" title=\"{E(sample.Key)}\">undecodable</span>");
                    continue;
                }
                spent += thumb.Length;
                html.Append($"<img alt=\"{E(sample.Key)}\" title=\"{E(sample.Key)}\" src=\"{thumb}\">");
                if (masks is not null && sample.GetValueOrDefault(options.MaskField) is byte[] mask)
                {
                    string? maskThumb = masks.Paint(mask) is { } painted ? Thumbnail(painted, options.ThumbnailSize, ResizeFilter.Nearest) : null;
                    if (maskThumb is null)
                    {
                        html.Append($"<span class=\"bad\" title=\"{E(sample.Key)}\">undecodable mask</span>");
                        continue;
                    }
                    spent += maskThumb.Length;
                    html.Append($"<img class=\"mask\" alt=\"{E(sample.Key)} {E(options.MaskField)}\" title=\"{E(sample.Key)} {E(options.MaskField)}\" src=\"{maskThumb}\">");
                }
            }
            html.Append("</div>\n");
        }
        if (skipped > 0)
            html.Append($"<p class=\"note\">{N(skipped)} thumbnails left out to keep the card under {Bytes(CardOptions.MaxCardBytes)}.</p>\n");
    }

    /// <summary>A PNG data URI of the image scaled to fit <paramref name="size"/>², or null if it does not decode.</summary>
    private static string? Thumbnail(byte[] encoded, int size, ResizeFilter filter = ResizeFilter.Mipmap)
    {
        try
        {
            using var image = ImageCodec.Decode(encoded, ImageKind.Color, (size, size));
            double scale = Math.Min(1.0, (double)size / Math.Max(image.Width, image.Height));
            int w = Math.Max(1, (int)Math.Round(image.Width * scale)), h = Math.Max(1, (int)Math.Round(image.Height * scale));
            using var small = ImageOps.Resize(image, w, h, filter, AspectPolicy.Stretch);
            return "data:image/png;base64," + Convert.ToBase64String(ImageCodec.Encode(small, ImageFormat.Png));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Each coloured class of the map: a swatch, its id and name.</summary>
    private static void AppendLegend(StringBuilder html, Datadings.Operations.LabelMap map)
    {
        html.Append("<p class=\"legend\">Masks in the label map's colours: ");
        foreach (var c in map.Classes.Where(c => c.Color is { Count: 3 }))
            html.Append($"<span><i style=\"background:rgb({c.Color![0]},{c.Color[1]},{c.Color[2]})\"></i>{N(c.Id)} {E(c.Name)}</span> ");
        html.Append("</p>\n");
    }

    private static string? ClassName(string label, CardOptions options) =>
        int.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= 0 && i < options.ClassNames.Count
            ? options.ClassNames[i] : null;

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string G(double d) => d.ToString("G6", CultureInfo.InvariantCulture);

    private static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => (n / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (n / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (n / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    private const string Css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
        h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}small{color:#666;font-weight:normal}
        table{border-collapse:collapse}th,td{padding:2px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        td.url{word-break:break-all}.note{color:#a60}.chart{max-width:100%}
        .class{margin:.4em 0}.class h3{font-size:1em;margin:.2em 0}.class img{margin:2px;image-rendering:pixelated;border:1px solid #ccc;min-width:48px}
        .bad{color:#b00;margin:4px}footer{margin-top:2em;color:#888}
        .class img.mask{margin-right:8px}.legend span{margin-right:10px;white-space:nowrap}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:3px;border:1px solid #999;vertical-align:middle}
        """;
}
