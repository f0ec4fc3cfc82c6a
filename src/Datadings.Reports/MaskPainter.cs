using Datadings.Imaging;
using Datadings.Operations;

namespace Datadings.Reports;

/// <summary>
/// Paints a label image (8/16-bit grey or palette PNG, pixel = class id; read exactly by the core's
/// <see cref="PngDecoder.DecodeLabels"/>) in the class colours of a label map, through the same
/// <see cref="PixelLabelTable.Colorize"/> that a pixel relabel's ColorField uses.
/// </summary>
internal sealed class MaskPainter(PixelLabelTable table)
{
    /// <summary>A painter when the options name a label map that gives colours; else null (masks are not shown).</summary>
    public static MaskPainter? For(CardOptions options)
    {
        if (options.LabelMap is not { } map) return null;
        var table = new PixelLabelTable(map, unknownToIgnore: false);
        return table.HasColors ? new MaskPainter(table) : null;
    }

    /// <summary>An RGB PNG of the mask in class colours, or null when the bytes are not a label image.</summary>
    public byte[]? Paint(byte[] png)
    {
        try
        {
            var image = PngDecoder.DecodeLabels(png);
            return table.Colorize(image.Ids, image.Width, image.Height);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
