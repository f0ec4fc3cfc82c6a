using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Cli.Tests;

/// <summary><c>cat --export DIR</c> on the real photos of Debian's python3-skimage (PNG, JPEG, GIF).</summary>
public class CatExportTests
{
    private const string Photos = "/usr/lib/python3/dist-packages/skimage/data/";

    [Fact]
    public void Images_are_written_byte_for_byte_named_by_key_and_field_with_the_detected_extension_and_unsafe_keys_kept_apart()
    {
        using var dir = new TempDir();
        byte[] png = File.ReadAllBytes(Photos + "coffee.png"), jpeg = File.ReadAllBytes(Photos + "rocket.jpg"), gif = File.ReadAllBytes(Photos + "no_time_for_that_tiny.gif");
        string dataset = dir.File("photos.msgpack");
        using (var writer = new DatasetWriter(dataset))
        {
            writer.Write(new Sample("coffee") { ["image"] = png, ["mask"] = jpeg, ["label"] = 1L, ["note"] = new byte[] { 1, 2, 3 } });
            writer.Write(new Sample("a/b") { ["image"] = gif });
            writer.Write(new Sample("a_b") { ["image"] = png });
            writer.Write(new Sample("../up") { ["image"] = jpeg });
            writer.Write(new Sample("text only") { ["label"] = 2L });
            writer.Complete();
        }
        string export = dir.File("out");

        var result = CliRunner.Run("cat", dataset, "--export", export);
        result.AssertSuccess();
        Assert.Contains("5 images written to", result.Stdout);
        Assert.Contains("(fields: image, mask)", result.Stdout);

        var files = Directory.GetFiles(export).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length); // nothing outside the folder, nothing for non-image bytes
        Assert.Equal(png, File.ReadAllBytes(Path.Combine(export, "coffee.image.png")));
        Assert.Equal(jpeg, File.ReadAllBytes(Path.Combine(export, "coffee.mask.jpg")));
        Assert.Equal(png, File.ReadAllBytes(Path.Combine(export, "a_b.image.png")));
        // "a/b" cannot be a file name: it becomes a_b plus a hash of the key, so it does not overwrite "a_b".
        var slashed = Assert.Single(files, f => f!.StartsWith("a_b~", StringComparison.Ordinal));
        Assert.Matches(@"^a_b~[0-9a-f]{8}\.image\.gif$", slashed);
        Assert.Equal(gif, File.ReadAllBytes(Path.Combine(export, slashed!)));
        Assert.Single(files, f => System.Text.RegularExpressions.Regex.IsMatch(f!, @"^_\._up~[0-9a-f]{8}\.image\.jpg$"));
        Assert.False(File.Exists(dir.File("up.image.jpg")));
    }

    [Fact]
    public void A_range_limits_the_export_and_a_file_in_the_way_or_no_images_say_so()
    {
        using var dir = new TempDir();
        string dataset = TestData.Generated(dir, "plain", 4); // image fields hold zeros, not encoded images

        var none = CliRunner.Run("cat", dataset, "--export", dir.File("none"));
        none.AssertSuccess();
        Assert.Contains("no field of these samples holds an encoded image", none.Stdout);

        File.WriteAllText(dir.File("taken"), "");
        var error = CliRunner.Run("cat", dataset, "--export", dir.File("taken"));
        Assert.Contains("is a file", error.AssertOneErrorLine(2));

        string photos = dir.File("photos.msgpack");
        using (var writer = new DatasetWriter(photos))
        {
            for (int i = 0; i < 4; i++) writer.Write(new Sample($"p{i}") { ["image"] = File.ReadAllBytes(Photos + "camera.png") });
            writer.Complete();
        }
        CliRunner.Run("cat", photos, "--export", dir.File("two"), "-r", "1:3").AssertSuccess();
        Assert.Equal(["p1.image.png", "p2.image.png"], Directory.GetFiles(dir.File("two")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
