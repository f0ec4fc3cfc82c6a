using System.Globalization;
using Datadings.Imaging;

namespace Datadings.Operations;

/// <summary>
/// A <see cref="LabelMap"/> as a lookup table over every possible pixel id (0..65535), so relabelling a label image
/// costs one array read per pixel on top of the PNG codec. Only the map's integer source labels apply to pixels;
/// class names are ignored here.
/// </summary>
public sealed class PixelLabelTable
{
    private const int Unknown = -1;
    private readonly int[] _table = new int[ushort.MaxValue + 1];
    private readonly byte[]? _colors;

    public PixelLabelTable(LabelMap map, bool unknownToIgnore)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (unknownToIgnore && map.IgnoreId is null)
            throw new ArgumentException("unknown pixel ids can only be sent to the ignore id if the label map defines \"ignore\"");
        Array.Fill(_table, unknownToIgnore ? CheckedId(map, map.IgnoreId!.Value, "ignore") : Unknown);
        foreach (var source in map.SourceLabels)
        {
            if (!int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id > ushort.MaxValue) continue;
            map.TryMap(source, out long trainingId);
            _table[id] = CheckedId(map, trainingId, source);
        }
        if (map.Classes.Any(c => c.Color is not null))
        {
            // Ids without a colour stay black.
            _colors = new byte[3 * (ushort.MaxValue + 1)];
            foreach (var c in map.Classes)
                if (c.Color is { } rgb && c.Id is >= 0 and <= ushort.MaxValue)
                    for (int k = 0; k < 3; k++) _colors[3 * c.Id + k] = (byte)rgb[k];
        }
        MaxTrainingId = _table.Where(v => v != Unknown).DefaultIfEmpty(0).Max();
    }

    /// <summary>The largest id an output pixel can have: 8-bit output when ≤ 255, else 16-bit.</summary>
    public int MaxTrainingId { get; }

    /// <summary>Whether the map gives colours for <see cref="Colorize"/>.</summary>
    public bool HasColors => _colors is not null;

    /// <summary>
    /// Maps the ids of a label image in place. Throws <see cref="UnknownLabelException"/> naming the sample, the
    /// field, the id and its first pixel (x, y) for an id the map does not list (unless unknown ids go to ignore).
    /// </summary>
    public void Apply(ushort[] ids, int width, string key, string field)
    {
        var table = _table;
        for (int i = 0; i < ids.Length; i++)
        {
            int mapped = table[ids[i]];
            if (mapped < 0)
                throw new UnknownLabelException(key, field, (long)ids[i],
                    $"the pixel id {ids[i]} at (x {i % width}, y {i / width}) of \"{field}\" is not in the label map");
            ids[i] = (ushort)mapped;
        }
    }

    /// <summary>A decoded label image relabelled and re-encoded losslessly as 8-bit (or, for ids above 255, 16-bit) greyscale PNG.</summary>
    public byte[] Relabel(ReadOnlySpan<byte> png, string key, string field, out LabelImage relabelled)
    {
        LabelImage image;
        try
        {
            image = PngDecoder.DecodeLabels(png);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"sample \"{key}\": \"{field}\" is not a label image PNG: {e.Message}", e);
        }
        Apply(image.Ids, image.Width, key, field);
        relabelled = image;
        return Encode(image.Ids, image.Width, image.Height, MaxTrainingId);
    }

    /// <summary>Class ids as the smallest lossless greyscale PNG: 8-bit when every id can be ≤ 255, else 16-bit.</summary>
    public static byte[] Encode(ushort[] ids, int width, int height, int maxId)
    {
        if (maxId > byte.MaxValue) return PngEncoder.EncodeGray16(ids, width, height);
        var bytes = new byte[ids.Length];
        for (int i = 0; i < ids.Length; i++) bytes[i] = (byte)ids[i];
        return PngEncoder.EncodeGray8(bytes, width, height);
    }

    /// <summary>An RGB PNG showing each training id in its class colour (for looking at masks, not for training).</summary>
    public byte[] Colorize(ushort[] ids, int width, int height)
    {
        var colors = _colors ?? throw new InvalidOperationException("the label map gives no class colours");
        var rgb = new byte[3 * ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            int c = 3 * ids[i];
            rgb[3 * i] = colors[c];
            rgb[3 * i + 1] = colors[c + 1];
            rgb[3 * i + 2] = colors[c + 2];
        }
        return PngEncoder.EncodeRgb8(rgb, width, height);
    }

    /// <summary>A map that is fine for scalar labels may still not fit pixels: that is the map file's fault, named as such.</summary>
    private static int CheckedId(LabelMap map, long id, string source) => id is >= 0 and <= ushort.MaxValue ? (int)id
        : throw new InvalidDataException($"{map.Source ?? "the label map"}: sends \"{source}\" to training id {id}, which a label image pixel (0..65535) cannot hold");
}
