namespace Datadings.Conversions;

/// <summary>What kind of problem stopped a conversion; hosts map these to their own codes (the SDK to DD2xxx).</summary>
public enum ConversionError
{
    /// <summary>The conversion is declared wrongly: unknown converter, missing or malformed option, unknown source.</summary>
    InvalidOptions,

    /// <summary>A source cannot be read: damaged or truncated archive, unreadable file.</summary>
    CorruptSource,

    /// <summary>An IDX file whose header disagrees with its data (magic, dimensions, size, count).</summary>
    IdxLayout,

    /// <summary>A CIFAR batch that is not a whole number of records.</summary>
    CifarLayout,

    /// <summary>A table row that cannot be a sample: wrong column count, bad JSON, missing key.</summary>
    BadRow,

    /// <summary>Two samples with the same key.</summary>
    DuplicateKey,

    /// <summary>The converter threw something other than a <see cref="ConversionException"/>, or yielded an invalid sample.</summary>
    ConverterFailed,

    /// <summary>A custom converter could not be loaded: assembly or type missing, wrong interface, no constructor.</summary>
    ConverterNotLoadable,

    /// <summary>An archive expands beyond a limit (entry size, total size or expansion ratio): a zip bomb, or a limit to raise.</summary>
    ArchiveLimit,

    /// <summary>A segmentation layout is incomplete or wrong: a listed image or mask missing, a mask that is not a label image.</summary>
    SegmentationLayout,

    /// <summary>A segmentation annotation cannot be rasterised: odd polygon coordinates, RLE counts that do not cover the image, an unknown image id.</summary>
    BadAnnotation,

    /// <summary>An image and its mask differ in size.</summary>
    MaskSizeMismatch,

    /// <summary>A class id or category that the label map does not list.</summary>
    UnknownClass,

    /// <summary>A well-known dataset's archive lacks its published layout: a listed image, a listing or devkit file missing, a listing line malformed.</summary>
    DatasetLayout,
}
