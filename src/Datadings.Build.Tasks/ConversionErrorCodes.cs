using Datadings.Conversions;

namespace Datadings.Build.Tasks;

/// <summary>
/// The DD2xxx codes of the conversion area. Part of the SDK's public surface: never renumber, only add.
/// </summary>
internal static class ConversionErrorCodes
{
    public const string InvalidConversion = "DD2001";
    public const string CorruptSource = "DD2002";
    public const string IdxLayout = "DD2003";
    public const string CifarLayout = "DD2004";
    public const string BadRow = "DD2005";
    public const string DuplicateKey = "DD2006";
    public const string ConverterFailed = "DD2007";
    public const string ConverterNotLoadable = "DD2008";

    /// <summary>An archive expands beyond MaxEntryBytes, MaxExpandedBytes or MaxExpansionRatio (a zip bomb, or a limit to raise).</summary>
    public const string ArchiveLimit = "DD2020";

    /// <summary>Warning: an archive source holds no files.</summary>
    public const string EmptyArchive = "DD2021";

    /// <summary>Warning: the build was cancelled during a conversion; the dataset was not written.</summary>
    public const string Cancelled = "DD2010";

    /// <summary>The output folder's disk is full; the message names the file and the bytes needed.</summary>
    public const string DiskFull = "DD2011";

    /// <summary>Two DatasetConversion items declare the same dataset name.</summary>
    public const string DuplicateName = "DD2012";

    /// <summary>Warning: a table value does not fit its column's type (an integer beyond 64 bits, 1e400); the column is kept as text.</summary>
    public const string ValueDoesNotFit = "DD2013";

    /// <summary>A segmentation layout is incomplete: a listed image or mask is missing, a mask is not a label image.</summary>
    public const string SegmentationLayout = "DD8001";

    /// <summary>A segmentation annotation cannot be rasterised (polygon, RLE, image id); the message names file, image id and annotation id.</summary>
    public const string BadAnnotation = "DD8002";

    /// <summary>An image and its mask differ in size.</summary>
    public const string MaskSizeMismatch = "DD8003";

    /// <summary>A class id or category the label map does not list.</summary>
    public const string UnknownClass = "DD8004";

    /// <summary>A well-known dataset's archive lacks its published layout (the recipe converters: VOC classification, Places365, ILSVRC2012).</summary>
    public const string DatasetLayout = "DD9010";

    /// <summary>Anything unexpected (permissions, I/O errors) while converting.</summary>
    public const string Unexpected = "DD2099";

    public static string For(ConversionWarningKind warning) => warning switch
    {
        ConversionWarningKind.EmptyArchive => EmptyArchive,
        ConversionWarningKind.ValueDoesNotFit => ValueDoesNotFit,
        _ => Unexpected,
    };

    public static string For(ConversionError error) => error switch
    {
        ConversionError.InvalidOptions => InvalidConversion,
        ConversionError.CorruptSource => CorruptSource,
        ConversionError.IdxLayout => IdxLayout,
        ConversionError.CifarLayout => CifarLayout,
        ConversionError.BadRow => BadRow,
        ConversionError.DuplicateKey => DuplicateKey,
        ConversionError.ConverterFailed => ConverterFailed,
        ConversionError.ConverterNotLoadable => ConverterNotLoadable,
        ConversionError.ArchiveLimit => ArchiveLimit,
        ConversionError.SegmentationLayout => SegmentationLayout,
        ConversionError.BadAnnotation => BadAnnotation,
        ConversionError.MaskSizeMismatch => MaskSizeMismatch,
        ConversionError.UnknownClass => UnknownClass,
        ConversionError.DatasetLayout => DatasetLayout,
        _ => Unexpected,
    };
}
