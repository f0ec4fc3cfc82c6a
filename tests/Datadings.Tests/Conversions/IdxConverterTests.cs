using Datadings.Conversions;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Conversions;

public sealed class IdxConverterTests : ConversionTestBase
{
    private static Dictionary<string, string> Options => new() { ["Images"] = "images", ["Labels"] = "labels" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_become_pngs_with_their_labels_in_order(bool gzip)
    {
        var sources = new[] { Source("images", IdxImages(25, gzip: gzip)), Source("labels", IdxLabels(25, gzip: gzip)) };

        var result = Convert(new IdxConverter(), sources, Options);

        Assert.Equal(25, result.SampleCount);
        var samples = Read();
        for (int n = 0; n < 25; n++)
        {
            Assert.Equal(n.ToString("D2"), samples[n].Key);
            Assert.Equal(["key", "image", "label"], samples[n].Keys);
            Assert.Equal((long)Label(n), samples[n]["label"]);
            var image = TestPngDecoder.Decode((byte[])samples[n]["image"]!);
            Assert.Equal((28, 28, 1), (image.Width, image.Height, image.Channels));
            Assert.Equal(Enumerable.Range(0, 784).Select(i => Pixel(n, i)), image.Pixels);
        }
    }

    [Fact]
    public void Transpose_turns_column_major_emnist_images_upright_and_prefix_names_keys()
    {
        var sources = new[] { Source("images", IdxImages(2, rows: 3, columns: 4)) };

        Convert(new IdxConverter(), sources, new() { ["Images"] = "images", ["Transpose"] = "true", ["KeyPrefix"] = "emnist-" });

        var image = TestPngDecoder.Decode((byte[])Read()[1]["image"]!);
        Assert.Equal("emnist-1", Read()[1].Key);
        Assert.Equal((3, 4), (image.Width, image.Height));
        Assert.Equal(Pixel(1, 1 * 4 + 2), image.Pixels[2 * 3 + 1]); // stored (r=1,c=2) is pixel (row 2, column 1)
    }

    [Fact]
    public void Parallel_and_single_threaded_output_are_identical()
    {
        var sources = new[] { Source("images", IdxImages(300, gzip: true)), Source("labels", IdxLabels(300)) };
        Convert(new IdxConverter(), sources, Options, name: "one", parallelism: 1);
        Convert(new IdxConverter(), sources, Options, name: "many", parallelism: 4);

        Assert.Equal(File.ReadAllBytes(Path.Combine(Output, "one.msgpack")), File.ReadAllBytes(Path.Combine(Output, "many.msgpack")));
    }

    [Fact]
    public void A_header_that_disagrees_with_the_file_size_is_an_idx_layout_error()
    {
        var truncated = IdxImages(10)[..^100];

        var e = Fails(new IdxConverter(), [Source("images", truncated), Source("labels", IdxLabels(10))], Options, ConversionError.IdxLayout);

        Assert.Contains("source 'images'", e.Message);
        Assert.Contains("10 records of 28×28", e.Message);
    }

    [Fact]
    public void A_gzipped_file_with_data_missing_names_the_record_where_it_ends()
    {
        var truncated = Gzip(IdxImages(10)[..^1000]);

        var e = Fails(new IdxConverter(), [Source("images", truncated)], new() { ["Images"] = "images" }, ConversionError.IdxLayout);

        Assert.Contains("ends inside record 8", e.Message);
    }

    [Fact]
    public void Extra_data_after_the_last_record_of_a_gzipped_file_is_an_error()
    {
        var e = Fails(new IdxConverter(), [Source("images", Gzip([.. IdxImages(3), 1, 2, 3]))], new() { ["Images"] = "images" }, ConversionError.IdxLayout);

        Assert.Contains("more data follows", e.Message);
    }

    [Fact]
    public void Label_and_image_counts_must_agree()
    {
        var e = Fails(new IdxConverter(), [Source("images", IdxImages(5)), Source("labels", IdxLabels(4))], Options, ConversionError.IdxLayout);

        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_rejected_by_its_magic()
    {
        var e = Fails(new IdxConverter(), [Source("images", "hello world, not idx"u8.ToArray())], new() { ["Images"] = "images" }, ConversionError.IdxLayout);

        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void A_damaged_gzip_stream_is_a_corrupt_source()
    {
        var gz = IdxImages(50, gzip: true);
        for (int i = 40; i < 200; i++) gz[i] ^= 0x5A;

        Fails(new IdxConverter(), [Source("images", gz)], new() { ["Images"] = "images" }, ConversionError.CorruptSource);
    }

    [Fact]
    public void An_unknown_source_name_is_an_options_error()
    {
        var e = Fails(new IdxConverter(), [Source("images", IdxImages(1))], new() { ["Images"] = "nope" }, ConversionError.InvalidOptions);

        Assert.Contains("'nope'", e.Message);
    }
}
