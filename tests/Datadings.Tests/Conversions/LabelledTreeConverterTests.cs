using Datadings.Conversions;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Conversions;

public sealed class LabelledTreeConverterTests : ConversionTestBase
{
    private static readonly (string, byte[])[] Tree =
    [
        ("cat/2.png", [2]), ("dog/1.png", [1, 1]), ("cat/10.png", [10]), ("cat/notes.txt", [0]),
    ];

    [Theory]
    [InlineData("tree.zip")]
    [InlineData("tree.tar.gz")]
    public void Archives_give_key_image_label_and_original_label_in_natural_order(string name)
    {
        var archive = name.EndsWith(".zip") ? Zip(Tree) : TarGz(Tree);

        var result = Convert(new LabelledTreeConverter(), [Source(name, archive)], new() { ["Exclude"] = "*.txt" });

        var samples = Read();
        Assert.Equal(["cat/2.png", "cat/10.png", "dog/1.png"], samples.Select(s => s.Key));
        Assert.Equal(["key", "image", "label", "_label"], samples[2].Keys);
        Assert.Equal(new byte[] { 1, 1 }, samples[2]["image"]);
        Assert.Equal((1L, "dog"), ((long)samples[2]["label"]!, (string)samples[2]["_label"]!));
        Assert.Equal("cat;dog", result.Metadata["ClassNames"]);
    }

    [Fact]
    public void Patterns_labels_file_and_text_labels_are_options()
    {
        var labels = Source("labels.txt", "dog\ncat\n");

        Convert(new LabelledTreeConverter(), [Source("tree.zip", Zip(Tree)), labels],
            new() { ["Source"] = "tree.zip", ["Patterns"] = "{LABEL}/*.png", ["LabelsFile"] = "labels.txt", ["ContentField"] = "png" });

        var samples = Read();
        Assert.Equal(1L, samples[0]["label"]); // cat is label 1 in the labels file
        Assert.True(samples[0].ContainsKey("png"));

        Convert(new LabelledTreeConverter(), [Source("tree.zip", Zip(Tree))], new() { ["NumericLabels"] = "false", ["Include"] = "*.png" }, name: "text");
        Assert.Equal("cat", Read("text")[0]["label"]);
    }

    [Fact]
    public void A_corrupt_zip_member_is_a_corrupt_source_naming_the_entry()
    {
        var zip = Zip(("cat/a.png", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray()));
        var index = zip.AsSpan().IndexOf("cat/a.png"u8) + 9 + 20;
        zip[index] ^= 0xFF;

        var e = Fails(new LabelledTreeConverter(), [Source("tree.zip", zip)], error: ConversionError.CorruptSource);

        Assert.Contains("source 'tree.zip'", e.Message);
        Assert.Contains("entry 'cat/a.png'", e.Message);
    }
}
