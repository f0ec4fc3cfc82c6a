using System.IO.Compression;
using Datadings.Imaging;
using Datadings.Writing;

namespace Datadings.Reports.Tests;

public sealed class DatasetCardTests : IDisposable
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";
    private const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data";
    private static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly string _folder = Directory.CreateTempSubdirectory("dd-cards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_card_of_real_fashion_mnist_renders_in_chromium_with_the_histogram_of_all_60000_labels()
    {
        byte[] labels = Gunzip("train-labels-idx1-ubyte.gz"), pixels = Gunzip("train-images-idx3-ubyte.gz");
        int count = labels.Length - 8;
        string dataset = Path.Combine(_folder, "train.msgpack");
        using (var writer = new DatasetWriter(dataset))
        {
            for (int n = 0; n < count; n++)
                writer.Write(new Sample(n.ToString("D5")) { ["image"] = Png(pixels.AsSpan(16 + n * 784, 784)), ["label"] = (long)labels[8 + n] });
            writer.Complete();
        }
        var expected = labels.Skip(8).GroupBy(l => l).ToDictionary(g => g.Key.ToString(), g => (long)g.Count());

        string card = Path.Combine(_folder, "train.html");
        DatasetCard.Write(dataset, card, new CardOptions { ClassNames = FashionClasses, Seed = 7 });

        string html = File.ReadAllText(card);
        Assert.True(new FileInfo(card).Length < CardOptions.MaxCardBytes);
        foreach (var name in FashionClasses) Assert.Contains(System.Net.WebUtility.HtmlEncode(name), html);
        Assert.Contains("60,000", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var page = Chromium.Check(card, Path.Combine(_folder, "fashion.png"));
        AssertRendered(page);
        Assert.Equal(expected.OrderBy(e => e.Key), page.Histogram.OrderBy(e => e.Key));
        Assert.Equal(1 + 10 * 8, page.Images); // the chart and 8 thumbnails per class
        CopyScreenshot("fashion.png");

        // Deterministic: same dataset and seed → same bytes; another seed → another choice of thumbnails.
        Assert.Equal(html, DatasetCard.Render(dataset, new CardOptions { ClassNames = FashionClasses, Seed = 7 }));
        Assert.NotEqual(html, DatasetCard.Render(dataset, new CardOptions { ClassNames = FashionClasses, Seed = 8 }));
    }

    [Fact]
    public void The_card_of_real_photos_shows_every_decodable_photo_and_string_labels()
    {
        var photos = Directory.GetFiles(SkimageData).Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")).Order().ToList();
        Assert.True(photos.Count >= 5, $"install Debian's python3-skimage: {SkimageData} has {photos.Count} photos");
        string dataset = Path.Combine(_folder, "photos.msgpack");
        using (var writer = new DatasetWriter(dataset))
        {
            foreach (var photo in photos)
                writer.Write(new Sample(Path.GetFileName(photo)) { ["image"] = File.ReadAllBytes(photo), ["label"] = Path.GetExtension(photo)[1..], ["bytes"] = new FileInfo(photo).Length });
            writer.Complete();
        }
        string card = Path.Combine(_folder, "photos.html");
        DatasetCard.Write(dataset, card, new CardOptions { ThumbnailsPerClass = 100 });

        var page = Chromium.Check(card, Path.Combine(_folder, "photos.png"));
        AssertRendered(page);
        Assert.Equal(photos.GroupBy(p => Path.GetExtension(p)[1..]).ToDictionary(g => g.Key, g => (long)g.Count()).OrderBy(e => e.Key), page.Histogram.OrderBy(e => e.Key));
        // skimage ships truncated.jpg, cut short on purpose: the card names it instead of showing a broken image.
        Assert.Contains(photos, p => Path.GetFileName(p) == "truncated.jpg");
        Assert.Equal(1 + photos.Count - 1, page.Images);
        string html = File.ReadAllText(card);
        Assert.Contains("<span class=\"bad\" title=\"truncated.jpg\">undecodable</span>", html);
        Assert.Contains($"<td>{photos.Min(p => new FileInfo(p).Length)}</td><td>{photos.Max(p => new FileInfo(p).Length)}</td>", html); // min/max of "bytes"
        CopyScreenshot("photos.png");
    }

    [Fact]
    public void A_dataset_without_image_or_label_fields_gets_a_card_with_counts_and_field_ranges()
    {
        string dataset = Path.Combine(_folder, "table.msgpack");
        using (var writer = new DatasetWriter(dataset))
        {
            for (int n = 0; n < 500; n++)
                writer.Write(new Sample($"row{n:D3}") { ["x"] = n * 0.5, ["name"] = new string('a', 1 + n % 7), ["flag"] = n % 2 == 0 });
            writer.Complete();
        }
        string card = Path.Combine(_folder, "table.html");
        DatasetCard.Write(dataset, card);
        string html = File.ReadAllText(card);
        Assert.Contains("<code>x</code></td><td>float (500)</td><td>0</td><td>249.5</td><td>124.75</td>", html);
        Assert.Contains("<code>name</code></td><td>str (500)</td><td></td><td></td><td></td><td>1 / 7 / ", html);
        Assert.DoesNotContain("<h2>Labels", html);
        var page = Chromium.Check(card, Path.Combine(_folder, "table.png"));
        AssertRendered(page);
        Assert.Equal(0, page.Images);
        Assert.Empty(page.Histogram);
    }

    [Fact]
    public void A_dataset_with_many_distinct_labels_stays_under_the_documented_card_size()
    {
        string dataset = Path.Combine(_folder, "many.msgpack");
        byte[] noise = new byte[64 * 64 * 3];
        var random = new Random(1);
        using (var writer = new DatasetWriter(dataset))
        {
            for (int n = 0; n < 5000; n++)
            {
                random.NextBytes(noise); // incompressible thumbnails: the worst case for the budget
                writer.Write(new Sample($"s{n}") { ["image"] = Datadings.Imaging.PngEncoder.EncodeRgb8(noise, 64, 64), ["label"] = (long)(n % 2500) });
            }
            writer.Complete();
        }
        string html = DatasetCard.Render(dataset);
        Assert.True(html.Length < CardOptions.MaxCardBytes, $"{html.Length} bytes");
        Assert.Contains("thumbnails left out", html);
        Assert.Contains("1,500 more labels not listed", html);
    }

    private static void AssertRendered(PageCheck page)
    {
        Assert.Empty(page.Errors);
        Assert.Empty(page.Fetched);
        Assert.Empty(page.Blocked);
        Assert.All(page.NaturalWidths, w => Assert.True(w > 0, "an image did not decode"));
    }

    private void CopyScreenshot(string name)
    {
        // Kept for a look by a human (CI artifacts): artifacts/cards/<name>.
        string target = Path.Combine(AppContext.BaseDirectory, "cards");
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(_folder, name), Path.Combine(target, name), overwrite: true);
    }

    private static byte[] Png(ReadOnlySpan<byte> gray28) => Datadings.Imaging.PngEncoder.EncodeGray8(gray28, 28, 28);

    private static byte[] Gunzip(string file)
    {
        string path = Path.Combine(FashionMnist, file);
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install dataset-fashion-mnist");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
