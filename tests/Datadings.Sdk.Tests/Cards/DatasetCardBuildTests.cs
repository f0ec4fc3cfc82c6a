using Datadings.Reading;
using Datadings.Reports.Tests;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.Cards;

/// <summary>DatadingsCards=true: real builds write a card per dataset, incrementally, with sources and linked steps.</summary>
public sealed class DatasetCardBuildTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    private const string Photos = "/usr/lib/python3/dist-packages/skimage/data/";

    [Fact]
    public async Task Cards_show_sources_and_linked_steps_render_in_chromium_are_not_rewritten_when_nothing_changed_and_clean_removes_them()
    {
        var folder = Sdk.NewFolder("cards");
        var zip = Zip(
            ("cat/chelsea.png", File.ReadAllBytes(Photos + "chelsea.png")),
            ("cat/coffee.png", File.ReadAllBytes(Photos + "coffee.png")),
            ("dog/astronaut.png", File.ReadAllBytes(Photos + "astronaut.png")),
            ("dog/rocket.jpg", File.ReadAllBytes(Photos + "rocket.jpg")),
            ("dog/camera.png", File.ReadAllBytes(Photos + "camera.png")));
        var project = WriteDataProject(folder, "Pets", $"""
            {Served("pets.zip", zip)}
            <DatasetConversion Include="pets" Converter="LabelledTree" Source="pets.zip" />
            <DatasetSplit Include="halves" Input="pets" Parts="train:0.6; test:0.4" />
            <DatasetMerge Include="both" Inputs="train;test" Strategy="Concat" />
            """, "<PropertyGroup><DatadingsCards>true</DatadingsCards></PropertyGroup>");
        var datasets = DatasetsDir(project);

        var build = await BuildAsync(project, "-warnaserror");
        AssertSucceeded(build);
        Assert.Contains("Pets -> 4 dataset cards in", build.Output);
        var cards = new[] { "pets", "train", "test", "both" }.ToDictionary(n => n, n => Path.Combine(datasets, n + ".card.html"));
        foreach (var (name, card) in cards) Assert.True(File.Exists(card), $"no card for {name}");

        // Sources with URL and MD5, on the conversion's card and on every card made from it.
        foreach (var card in cards.Values)
        {
            var html = File.ReadAllText(card);
            Assert.Contains(Server.Url("pets.zip"), html);
            Assert.Contains(TestBytes.Md5(zip), html);
        }
        // The chain of steps, each linking to its own card.
        var train = File.ReadAllText(cards["train"]);
        Assert.Contains("<li>conversion (LabelledTree): <a href=\"pets.card.html\">pets</a></li>", train);
        Assert.Contains("<li>split of pets: train</li>", train);
        var both = File.ReadAllText(cards["both"]);
        Assert.Contains("<a href=\"pets.card.html\">pets</a>", both);
        Assert.Contains("<li>split of pets: <a href=\"train.card.html\">train</a></li>", both);
        Assert.Contains("<li>split of pets: <a href=\"test.card.html\">test</a></li>", both);
        Assert.Contains("<li>merge of train, test: both</li>", both);
        Assert.Contains("<td>cat</td>", both); // class names from the converter

        // Opened in headless Chromium: every image decoded, nothing fetched or blocked, histogram = the labels counted here.
        var check = Chromium.Check(cards["both"], Path.Combine(folder, "both.png"));
        Assert.True(check.Images > 1);
        Assert.All(check.NaturalWidths, w => Assert.True(w > 0));
        Assert.Empty(check.Errors);
        Assert.Empty(check.Fetched);
        Assert.Empty(check.Blocked);
        using (var reader = new DatasetReader(Path.Combine(datasets, "both.msgpack")))
        {
            var counted = Enumerable.Range(0, reader.Count).GroupBy(i => Convert.ToInt64(reader.Get(i)["label"])).ToDictionary(g => g.Key.ToString(), g => (long)g.Count());
            Assert.Equal(counted.OrderBy(p => p.Key), check.Histogram.OrderBy(p => p.Key));
            Assert.Equal(5L, counted.Values.Sum());
        }

        // Nothing changed: no card is read or rewritten.
        var written = cards.ToDictionary(p => p.Key, p => File.GetLastWriteTimeUtc(p.Value));
        var again = await BuildAsync(project, "-warnaserror");
        AssertSucceeded(again);
        Assert.DoesNotContain("wrote the card", again.Output);
        foreach (var (name, card) in cards) Assert.Equal(written[name], File.GetLastWriteTimeUtc(card));

        // What a card shows changed (the thumbnails' seed): every card is written again.
        var reseeded = await BuildAsync(project, "-p:DatadingsCardSeed=5");
        AssertSucceeded(reseeded);
        Assert.Equal(4, reseeded.Output.Split('\n').Count(l => l.Contains("wrote the card", StringComparison.Ordinal)));

        AssertSucceeded(await DotnetAsync(folder, "clean", project, "-p:DatadingsCardSeed=5"));
        foreach (var (name, card) in cards) Assert.False(File.Exists(card), $"clean left the card of {name}");
        Assert.Empty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(project)!, "obj"), "*.card.html.stamp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_card_after_a_pixel_relabel_paints_masks_in_the_maps_colours()
    {
        var folder = Sdk.NewFolder("cards-masks");
        // Masks from the real coins photo: coin (1) where brighter than 100, background (0) elsewhere.
        var grey = Datadings.Imaging.PngDecoder.DecodeLabels(File.ReadAllBytes(Photos + "coins.png"));
        var mask = Datadings.Imaging.PngEncoder.EncodeGray8(grey.Ids.Select(v => (byte)(v > 100 ? 1 : 0)).ToArray(), grey.Width, grey.Height);
        var project = WriteDataProject(folder, "Masks", $"""
            {Served("masks.zip", Zip(("coins/a.png", mask), ("coins/b.png", mask)))}
            <DatasetConversion Include="masks" Converter="LabelledTree" Source="masks.zip" />
            <DatasetRelabel Include="painted" Input="masks" Map="map.json" LabelField="image" Pixels="true" />
            """, "<PropertyGroup><DatadingsCards>true</DatadingsCards></PropertyGroup>");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(project)!, "map.json"), """
            {"classes": [{"id": 0, "name": "background", "color": [0, 0, 255]}, {"id": 1, "name": "coin", "color": [255, 0, 0]}], "map": {"0": 0, "1": 1}}
            """);

        AssertSucceeded(await BuildAsync(project, "-warnaserror"));
        var painted = File.ReadAllText(Path.Combine(DatasetsDir(project), "painted.card.html"));
        Assert.Contains("background:rgb(255,0,0)\"></i>1 coin", painted);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(painted, "<img class=\"mask\"").Count);
        Assert.DoesNotContain("class=\"mask\"", File.ReadAllText(Path.Combine(DatasetsDir(project), "masks.card.html"))); // before the relabel: no map
    }
}
