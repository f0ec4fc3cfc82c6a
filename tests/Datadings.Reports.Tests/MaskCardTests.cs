using System.Text.RegularExpressions;
using Datadings.Imaging;
using Datadings.Operations;
using Datadings.Writing;

namespace Datadings.Reports.Tests;

/// <summary>Segmentation masks on a card, in the colours of their label map (docs/segmentation.md).</summary>
public sealed class MaskCardTests : IDisposable
{
    private const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data";
    private const string MapJson = """
        {"classes": [{"id": 0, "name": "background", "color": [0, 0, 255]}, {"id": 1, "name": "coin", "color": [255, 0, 0]}],
         "map": {"0": 0, "1": 1}}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("dd-mask-cards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Masks_of_a_real_photo_are_painted_in_the_maps_colours_beside_their_image_and_render_in_chromium()
    {
        // The real coins photo (8-bit grey) and its mask: pixels brighter than 100 are coin (1), others background (0).
        byte[] photo = File.ReadAllBytes(Path.Combine(SkimageData, "coins.png"));
        var grey = PngDecoder.DecodeLabels(photo);
        var ids = grey.Ids.Select(v => (byte)(v > 100 ? 1 : 0)).ToArray();
        byte[] mask = PngEncoder.EncodeGray8(ids, grey.Width, grey.Height);
        string dataset = Path.Combine(_folder, "coins.msgpack");
        using (var writer = new DatasetWriter(dataset))
        {
            for (int n = 0; n < 3; n++)
                writer.Write(new Sample($"coins{n}") { ["image"] = photo, ["label_image"] = mask });
            writer.Write(new Sample("broken") { ["image"] = photo, ["label_image"] = File.ReadAllBytes(Path.Combine(SkimageData, "chelsea.png")) }); // RGB: not a label image
            writer.Complete();
        }
        var map = LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(MapJson), "coins.json");

        string card = Path.Combine(_folder, "coins.html");
        DatasetCard.Write(dataset, card, new CardOptions { LabelMap = map });
        string html = File.ReadAllText(card);

        Assert.Contains("background:rgb(255,0,0)\"></i>1 coin", html); // the legend
        var masks = Regex.Matches(html, "<img class=\"mask\" alt=\"(coins\\d) label_image\"[^>]*src=\"data:image/png;base64,([^\"]+)\"");
        Assert.Equal(3, masks.Count);
        Assert.Contains("undecodable mask", html);
        foreach (Match m in masks)
        {
            // Nearest-neighbour thumbnails keep the map's colours exactly, and both classes show.
            using var thumb = SkiaSharp.SKBitmap.Decode(Convert.FromBase64String(m.Groups[2].Value));
            var colours = thumb.Pixels.Select(c => (c.Red, c.Green, c.Blue)).ToHashSet();
            Assert.Equal(new HashSet<(byte, byte, byte)> { (0, 0, 255), (255, 0, 0) }, colours);
        }

        // Without a map, masks are not painted.
        Assert.DoesNotContain("class=\"mask\"", DatasetCard.Render(dataset));

        var page = Chromium.Check(card, Path.Combine(_folder, "coins.png"));
        Assert.All(page.NaturalWidths, w => Assert.True(w > 0));
        Assert.Empty(page.Errors);
        Assert.Empty(page.Fetched);
        Assert.Empty(page.Blocked);
    }
}
