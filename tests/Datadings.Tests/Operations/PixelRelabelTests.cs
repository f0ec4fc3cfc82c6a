using Datadings.Imaging;
using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Operations;

public class PixelRelabelTests
{
    // Cityscapes-like ids: 7 road → 0, 26 car → 1, 1000 (only in 16-bit images) → 2, 0 → ignore.
    private const string Map = """
        {
          "ignore": 255,
          "classes": [
            {"id": 0, "name": "road", "color": [128, 64, 128]},
            {"id": 1, "name": "car", "color": [0, 0, 142]},
            {"id": 2, "name": "rare", "color": [10, 20, 30]}
          ],
          "map": {"7": 0, "26": 1, "1000": 2, "0": "ignore", "car": 1}
        }
        """;

    private static readonly ushort[] Source = [7, 7, 26, 0, 26, 7, 0, 0, 26, 26, 7, 7];
    private static readonly ushort[] Expected = [0, 0, 1, 255, 1, 0, 255, 255, 1, 1, 0, 0];

    private static string Dataset(TempDir dir, params (string Key, byte[] Png)[] samples)
    {
        string path = dir.File("in.msgpack");
        using var writer = new DatasetWriter(path);
        foreach (var (key, png) in samples)
            writer.Write(new Sample(key) { ["image"] = new byte[] { 1 }, ["label_image"] = png, ["city"] = "x" });
        writer.Complete();
        return path;
    }

    private static RelabelOptions Pixels(string? colorField = null, UnknownLabelPolicy unknown = UnknownLabelPolicy.Error) =>
        new() { LabelField = "label_image", Pixels = true, ColorField = colorField, UnknownLabels = unknown };

    private static ushort[] Ids(object? png) => PngDecoder.DecodeLabels((byte[])png!).Ids;

    [Fact]
    public void Gray8_gray16_and_palette_label_images_are_remapped_pixel_by_pixel()
    {
        using var dir = new TempDir();
        var bytes = Source.Select(v => (byte)v).ToArray();
        string input = Dataset(dir,
            ("gray8", TestPng.Gray8(bytes, 4, 3)),
            ("gray16", TestPng.Gray16(Source, 4, 3)),
            ("palette", TestPng.Palette(bytes, 4, 3)));
        string output = dir.File("out.msgpack");
        RelabelOperation.Run(input, output, LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(Map), "map.json"), Pixels());

        using var reader = new DatasetReader(output);
        foreach (var sample in reader)
        {
            var image = PngDecoder.DecodeLabels((byte[])sample["label_image"]!);
            Assert.Equal((4, 3, 8, false), (image.Width, image.Height, image.BitDepth, image.Palette));
            Assert.Equal(Expected, image.Ids);
            Assert.Equal(["key", "image", "label_image", "city"], sample.Keys);
        }
        reader.Verify();
    }

    [Fact]
    public void Ids_above_255_are_written_as_16_bit_and_read_back_exactly()
    {
        var map = LabelMap.Parse("""{"map": {"1": 300, "2": 65535}}"""u8.ToArray(), "m.json");
        var table = new PixelLabelTable(map, unknownToIgnore: false);
        var png = table.Relabel(TestPng.Gray16([1, 2, 2, 1], 2, 2), "k", "label_image", out _);
        var image = PngDecoder.DecodeLabels(png);
        Assert.Equal(16, image.BitDepth);
        Assert.Equal(new ushort[] { 300, 65535, 65535, 300 }, image.Ids);
    }

    [Fact]
    public void A_training_id_no_pixel_can_hold_is_the_map_files_fault_and_names_it()
    {
        var map = LabelMap.Parse("""{"map": {"1": 70000}}"""u8.ToArray(), "maps/wide.json");
        var e = Assert.Throws<InvalidDataException>(() => new PixelLabelTable(map, unknownToIgnore: false));
        Assert.Equal("maps/wide.json: sends \"1\" to training id 70000, which a label image pixel (0..65535) cannot hold", e.Message);
    }

    [Fact]
    public void An_unknown_pixel_id_names_the_sample_the_id_and_the_pixel_and_writes_nothing()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("ok", TestPng.Gray8([7, 26], 2, 1)), ("aachen_000001", TestPng.Gray8([7, 7, 7, 99], 2, 2)));
        string output = dir.File("out.msgpack");
        var e = Assert.Throws<UnknownLabelException>(() =>
            RelabelOperation.Run(input, output, LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(Map), "map.json"), Pixels()));
        Assert.Equal("sample \"aachen_000001\": the pixel id 99 at (x 1, y 1) of \"label_image\" is not in the label map", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path, "out*"));
    }

    [Fact]
    public void Unknown_ids_go_to_ignore_on_request_and_the_colour_field_uses_the_map_colours()
    {
        using var dir = new TempDir();
        string input = Dataset(dir, ("a", TestPng.Gray8([7, 99, 26, 0], 2, 2)));
        string output = dir.File("out.msgpack");
        RelabelOperation.Run(input, output, LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(Map), "map.json"),
            Pixels("label_color", UnknownLabelPolicy.Ignore));

        using var reader = new DatasetReader(output);
        var sample = reader[0];
        Assert.Equal(new ushort[] { 0, 255, 1, 255 }, Ids(sample["label_image"]));
        Assert.Equal(["key", "image", "label_image", "label_color", "city"], sample.Keys);
        var color = PngDecoder.Decode((byte[])sample["label_color"]!);
        Assert.Equal(3, color.Channels);
        Assert.Equal(new byte[] { 128, 64, 128, 0, 0, 0, 0, 0, 142, 0, 0, 0 }, color.Pixels);
    }

    [Fact]
    public void A_label_field_that_is_not_a_label_png_is_a_clear_error()
    {
        using var dir = new TempDir();
        var rgb = PngEncoder.EncodeRgb8(new byte[12], 2, 2);
        string input = Dataset(dir, ("rgb", rgb));
        var e = Assert.Throws<InvalidDataException>(() =>
            RelabelOperation.Run(input, dir.File("out.msgpack"), LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(Map), "map.json"), Pixels()));
        Assert.Contains("sample \"rgb\": \"label_image\" is not a label image PNG", e.Message);
        Assert.Contains("colour type 2", e.Message);
    }

    [Fact]
    public void Pixel_relabel_is_deterministic()
    {
        var table = new PixelLabelTable(LabelMap.Parse(System.Text.Encoding.UTF8.GetBytes(Map), "m"), false);
        var png = TestPng.Palette(Source.Select(v => (byte)v).ToArray(), 4, 3);
        Assert.Equal(table.Relabel(png, "k", "f", out _), table.Relabel(png, "k", "f", out _));
    }
}
