using Datadings.Operations;

namespace Datadings.Reports;

/// <summary>A source file of the dataset: where it came from and its expected MD5 (either may be empty).</summary>
public sealed record CardSource(string Name, string Url, string Md5);

/// <summary>A step of the chain that produced the dataset (conversion, merge, split, …), linking to its own card.</summary>
/// <param name="Href">Relative URL of the step's card, or null when it has none.</param>
public sealed record CardStep(string Kind, string Dataset, string? Href);

/// <summary>What a card shows besides what it reads from the dataset itself.</summary>
public sealed record CardOptions
{
    /// <summary>
    /// The largest card <see cref="DatasetCard"/> writes, in bytes, whatever the dataset's size: the tables and chart
    /// are capped by row counts and the thumbnails by <see cref="ThumbnailBudgetBytes"/>, so a card stays well below.
    /// </summary>
    public const int MaxCardBytes = 4 * 1024 * 1024;

    /// <summary>Title of the page; the data file's name when null.</summary>
    public string? Title { get; init; }

    /// <summary>The field holding class labels.</summary>
    public string LabelField { get; init; } = "label";

    /// <summary>
    /// A dataset in which no sample has <see cref="LabelField"/> is an error (naming the field and the fields seen)
    /// instead of a card without a label histogram: for a field the user named, where its absence means a typo. An
    /// empty dataset passes (no sample lacks the field).
    /// </summary>
    public bool RequireLabelField { get; init; }

    /// <summary>Class names by integer label (label 0 → ClassNames[0]), e.g. the <c>ClassNames</c> metadata of a conversion.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Seed of the thumbnail choice: same dataset and seed → same card bytes.</summary>
    public int Seed { get; init; }

    /// <summary>Thumbnails per class (or in all, for a dataset without labels).</summary>
    public int ThumbnailsPerClass { get; init; } = 8;

    /// <summary>Longest side of a thumbnail in pixels.</summary>
    public int ThumbnailSize { get; init; } = 64;

    /// <summary>Classes shown with thumbnails and bars in the chart; the table lists up to <see cref="MaxTableRows"/>.</summary>
    public int MaxChartClasses { get; init; } = 100;

    /// <summary>Rows of the label table and the field table at most.</summary>
    public int MaxTableRows { get; init; } = 1000;

    /// <summary>Bytes of encoded thumbnails at most; thumbnails past it are left out (and the card says so).</summary>
    public int ThumbnailBudgetBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// The label map of the dataset's segmentation masks (docs/segmentation.md), e.g. the one a pixel relabel used:
    /// when it gives class colours, each thumbnail is followed by its <see cref="MaskField"/> in those colours
    /// (ids without a colour black), and the card shows the colour legend.
    /// </summary>
    public LabelMap? LabelMap { get; init; }

    /// <summary>The field holding label-image PNGs (pixel = class id), shown with <see cref="LabelMap"/>'s colours.</summary>
    public string MaskField { get; init; } = "label_image";

    /// <summary>As <see cref="RequireLabelField"/>, for <see cref="MaskField"/>.</summary>
    public bool RequireMaskField { get; init; }

    public IReadOnlyList<CardSource> Sources { get; init; } = [];
    public IReadOnlyList<CardStep> Steps { get; init; } = [];
}
