using System.Globalization;
using System.Text.Json;
using Datadings.Operations;

namespace Datadings.Conversions.Segmentation;

/// <summary>
/// COCO (2017 layout) as semantic segmentation, read in place from the published zips: images from
/// <c>ImagesSource</c> (e.g. <c>val2017.zip</c>: <c>val2017/000000000139.jpg</c>) and annotations
/// <c>annotations/{kind}_{Split}.json</c> from the <c>AnnotationsSource</c> list (e.g.
/// <c>annotations_trainval2017.zip</c> for <c>instances</c>, <c>stuff_annotations_trainval2017.zip</c> for <c>stuff</c>).
/// One sample per image, ordered by image id:
/// <c>{key: image id, image: the JPEG bytes, label_image: 8-bit (16-bit above 255) grey PNG of class ids,
/// objects: [{id, category_id, category, bbox: [x, y, w, h], area, iscrowd[, label]}]}</c>.
/// The label image is painted annotation by annotation (kinds in the listed order, then file order), a later one
/// overwriting an earlier one, as pycocotools' <c>cocoSegmentationToSegmentationMap</c> does; pixels no annotation
/// covers are the background (0, or the label map's id for <c>"0"</c>). Masks follow <see cref="CocoMasks"/>.
/// Options: ImagesSource, AnnotationsSource (';'-list), Split (default val2017), Annotations (';'-list of kinds,
/// default instances), LabelMap (a label-map JSON: by category name, else by id), UnknownLabels (Error | Ignore),
/// Crowd (Label | Ignore | Skip; default Label), KeepEmptyImages (default true). Publishes ClassNames (and
/// ClassColors) from the label map's classes, or without a map COCO's category names by id (0 = "unlabeled").
/// </summary>
public sealed class CocoConverter : ISampleConverter
{
    private enum CrowdPolicy { Label, Ignore, Skip }

    private sealed record Settings(string Split, LabelMap? Map, bool UnknownToIgnore, CrowdPolicy Crowd, bool KeepEmpty, ushort Background);

    /// <summary>A checked annotation with its category's name and the id its pixels get.</summary>
    private sealed record Placed(CocoAnnotation Annotation, string Category, int Label);

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var images = context.Source("ImagesSource");
        var annotationNames = context.ListOption("AnnotationsSource");
        if (annotationNames.Count == 0) throw ConversionContext.Invalid("the option 'AnnotationsSource' must name the source(s) holding annotations/*.json (e.g. annotations_trainval2017.zip)");
        var annotationSources = annotationNames.Select(n => context.FindSource(n) ?? throw ConversionContext.Invalid($"'{n}' (option 'AnnotationsSource') is not a DatasetSource of this project")).ToList();
        string split = context.Option("Split", "val2017");
        if (split.Contains('/') || split.Contains('.')) throw ConversionContext.Invalid($"the option 'Split' must be a COCO split such as train2017 or val2017, not '{split}'");
        var kinds = context.ListOption("Annotations") is { Count: > 0 } listed ? listed : ["instances"];

        LabelMap? map = null;
        if (context.PathOption("LabelMap") is { } mapPath)
        {
            try
            {
                map = LabelMap.Load(mapPath);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw ConversionContext.Invalid($"the option 'LabelMap': {e.Message}");
            }
        }
        bool unknownToIgnore = context.Option("UnknownLabels", "Error").ToLowerInvariant() switch
        {
            "error" => false,
            "ignore" => map?.IgnoreId is not null ? true : throw ConversionContext.Invalid("UnknownLabels=\"Ignore\" needs a LabelMap with an \"ignore\" id"),
            var other => throw ConversionContext.Invalid($"the option 'UnknownLabels' must be Error or Ignore, not '{other}'"),
        };
        var crowd = Enum.TryParse<CrowdPolicy>(context.Option("Crowd", "Label"), ignoreCase: true, out var c) && Enum.IsDefined(c)
            ? c : throw ConversionContext.Invalid($"the option 'Crowd' must be Label, Ignore or Skip, not '{context.Option("Crowd")}'");
        if (crowd == CrowdPolicy.Ignore && map?.IgnoreId is null)
            throw ConversionContext.Invalid("Crowd=\"Ignore\" needs a LabelMap with an \"ignore\" id");
        ushort background = 0;
        if (map is not null && map.TryMap("0", out long mappedBackground)) background = PixelId(mappedBackground, "the label map's id for \"0\" (background)");
        if (map is not null)
            foreach (var (key, value) in map.ClassMetadata()) context.OutputMetadata[key] = value;

        var settings = new Settings(split, map, unknownToIgnore, crowd, context.BoolOption("KeepEmptyImages", true), background);
        return Read(images, annotationSources, kinds, settings, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource imagesSource, List<ConversionSource> annotationSources, IReadOnlyList<string> kinds,
        Settings settings, ConversionContext context, CancellationToken cancellationToken)
    {
        var trees = new List<SegmentationTree>();
        try
        {
            foreach (var source in annotationSources) trees.Add(SegmentationTree.Open(source, cancellationToken));
            var (imagesById, perImage, categories) = Load(trees, annotationSources, kinds, settings, cancellationToken);
            if (settings.Map is null && categories.Count > 0 && categories.Keys.All(id => id is > 0 and <= 4096))
            {
                // Without a map the label image holds COCO's category ids: name them by id, 0 as COCO-Stuff calls it.
                var names = new string[categories.Keys.Max() + 1];
                Array.Fill(names, "");
                names[0] = "unlabeled";
                foreach (var (id, name) in categories) names[id] = name;
                context.OutputMetadata[LabelMap.ClassNamesKey] = string.Join(';', names);
            }
            using var imageTree = SegmentationTree.Open(imagesSource, cancellationToken);
            var order = imagesById.Values.Where(i => settings.KeepEmpty || perImage.ContainsKey(i.Id)).OrderBy(i => i.Id).ToList();
            context.ExpectedSampleCount = order.Count;
            var work = order.Select((image, index) =>
            {
                string key = image.Id.ToString(CultureInfo.InvariantCulture);
                if (!context.IsSampleWanted(index)) return (image, (byte[]?)null, (string?)null);
                string path = ImagePath(imageTree, settings.Split, image.FileName)
                    ?? throw new ConversionException(ConversionError.SegmentationLayout, $"the image of image id {image.Id} is missing: no {settings.Split}/{image.FileName}", imagesSource.Name);
                return (image, imageTree.Read(path), path);
            });
            foreach (var sample in OrderedParallel.Select(work, w => w.Item2 is null
                         ? new Sample(w.image.Id.ToString(CultureInfo.InvariantCulture))
                         : ToSample(w.image, w.Item2, w.Item3!, perImage.GetValueOrDefault(w.image.Id) ?? [], imagesSource.Name, settings),
                         context.Parallelism, cancellationToken: cancellationToken))
                yield return sample;
        }
        finally
        {
            foreach (var tree in trees) tree.Dispose();
        }
    }

    private static string? ImagePath(SegmentationTree tree, string split, string fileName) =>
        tree.Contains($"{split}/{fileName}") ? $"{split}/{fileName}" : tree.Contains(fileName) ? fileName : null;

    /// <summary>Reads every annotation file, checks every annotation against images and the map, and groups them by image.</summary>
    private static (Dictionary<long, CocoImage>, Dictionary<long, List<Placed>>, SortedDictionary<long, string>) Load(List<SegmentationTree> trees, List<ConversionSource> sources,
        IReadOnlyList<string> kinds, Settings settings, CancellationToken cancellationToken)
    {
        var images = new Dictionary<long, CocoImage>();
        var perImage = new Dictionary<long, List<Placed>>();
        var allCategories = new SortedDictionary<long, string>();
        foreach (var kind in kinds)
        {
            string path = $"annotations/{kind}_{settings.Split}.json";
            int at = trees.FindIndex(t => t.Contains(path));
            if (at < 0)
                throw new ConversionException(ConversionError.SegmentationLayout,
                    $"no {path} in {string.Join(", ", sources.Select(s => s.Name))} (expected the layout of annotations_trainval2017.zip / stuff_annotations_trainval2017.zip)", sources[0].Name);
            string file = $"{sources[at].Name}: {path}";
            CocoAnnotationFile parsed;
            using (var stream = trees[at].Open(path))
            {
                try
                {
                    parsed = CocoAnnotationFile.Read(stream);
                }
                catch (JsonException e)
                {
                    throw new ConversionException(ConversionError.SegmentationLayout,
                        $"not a COCO annotation file at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", sources[at].Name, $"entry '{path}'", e);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            var listedHere = new HashSet<long>();
            foreach (var image in parsed.Images)
            {
                // Within one file an id listed twice is malformed (the second image would silently vanish); across
                // files (instances and stuff) the same image must be the same file of the same size.
                if (!listedHere.Add(image.Id))
                    throw new ConversionException(ConversionError.BadAnnotation,
                        $"image id {image.Id} is listed twice in \"images\" ({images[image.Id].FileName} and {image.FileName})", sources[at].Name, $"entry '{path}'");
                if (images.TryAdd(image.Id, image)) continue;
                var earlier = images[image.Id];
                if ((earlier.Width, earlier.Height) != (image.Width, image.Height))
                    throw new ConversionException(ConversionError.MaskSizeMismatch,
                        $"image id {image.Id} is {image.Width}×{image.Height} here but {earlier.Width}×{earlier.Height} in an earlier annotation file", sources[at].Name, $"entry '{path}'");
                if (earlier.FileName != image.FileName)
                    throw new ConversionException(ConversionError.BadAnnotation,
                        $"image id {image.Id} is {image.FileName} here but {earlier.FileName} in an earlier annotation file", sources[at].Name, $"entry '{path}'");
            }
            var categories = parsed.Categories.GroupBy(k => k.Id).ToDictionary(g => g.Key, g => g.First().Name);
            foreach (var (id, name) in categories) allCategories.TryAdd(id, name);
            foreach (var annotation in parsed.Annotations)
            {
                if (!images.ContainsKey(annotation.ImageId))
                    throw Bad(file, annotation, $"its image id {annotation.ImageId} is not in \"images\"");
                if (!categories.TryGetValue(annotation.CategoryId, out var name))
                    throw Bad(file, annotation, $"its category_id {annotation.CategoryId} is not in \"categories\"");
                if (annotation.Segmentation is null) throw Bad(file, annotation, "it has no \"segmentation\"");
                if (annotation.Segmentation.Polygons?.FirstOrDefault(p => p.Length % 2 != 0) is { } odd)
                    throw Bad(file, annotation, $"a polygon has an odd number of coordinates ({odd.Length})");
                if (annotation.Segmentation.Polygons is { } polygons && FarOutside(polygons, images[annotation.ImageId]) is { } far)
                    throw Bad(file, annotation, far);
                if (!perImage.TryGetValue(annotation.ImageId, out var list)) perImage[annotation.ImageId] = list = [];
                list.Add(new Placed(CheckRle(annotation, images[annotation.ImageId], file), name, LabelOf(annotation, name, file, settings)));
            }
        }
        return (images, perImage, allCategories);
    }

    /// <summary>
    /// A polygon coordinate that is not a number or lies more than one image size beyond the image's edge: maskApi's
    /// outline walk allocates a point per 1/5 pixel along each edge, so such a coordinate would overflow or exhaust memory.
    /// </summary>
    private static string? FarOutside(List<double[]> polygons, CocoImage image)
    {
        foreach (var polygon in polygons)
        {
            for (int j = 0; j < polygon.Length; j++)
            {
                double v = polygon[j], size = j % 2 == 0 ? image.Width : image.Height;
                if (!(v >= -size && v <= 2 * size))
                    return $"a polygon coordinate ({(j % 2 == 0 ? "x" : "y")} {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}, number {j + 1}) is more than one image size outside the {image.Width}×{image.Height} image";
            }
        }
        return null;
    }

    private static int LabelOf(CocoAnnotation annotation, string category, string file, Settings settings)
    {
        var map = settings.Map;
        if (annotation.IsCrowd != 0 && settings.Crowd == CrowdPolicy.Ignore) return PixelId(map!.IgnoreId!.Value, "the label map's ignore id");
        if (map is null)
            return annotation.CategoryId is >= 0 and <= ushort.MaxValue ? (int)annotation.CategoryId : throw Bad(file, annotation, $"category_id {annotation.CategoryId} does not fit a 16-bit label image", ConversionError.UnknownClass);
        if (map.TryMap(category, out long id) || map.TryMap(annotation.CategoryId, out id)) return PixelId(id, $"the label map's id for \"{category}\"");
        if (settings.UnknownToIgnore) return PixelId(map.IgnoreId!.Value, "the label map's ignore id");
        throw Bad(file, annotation, $"its category \"{category}\" (id {annotation.CategoryId}) is not in the label map (by name or id); map it, or set UnknownLabels=\"Ignore\"", ConversionError.UnknownClass);
    }

    private static ushort PixelId(long id, string what) =>
        id is >= 0 and <= ushort.MaxValue ? (ushort)id : throw ConversionContext.Invalid($"{what} is {id}; label image ids are 0..65535");

    private static ConversionException Bad(string file, CocoAnnotation annotation, string problem, ConversionError error = ConversionError.BadAnnotation) =>
        new(error, problem, null, $"{file}: image id {annotation.ImageId}, annotation id {annotation.Id}");

    private static Sample ToSample(CocoImage image, byte[] bytes, string imagePath, List<Placed> annotations, string imagesSource, Settings settings)
    {
        int width = image.Width, height = image.Height;
        var size = LabelImages.ImageSize(bytes) ?? throw new ConversionException(ConversionError.SegmentationLayout, "not a PNG or JPEG image (no size in its header)", imagesSource, $"entry '{imagePath}'");
        if (size != (width, height))
            throw new ConversionException(ConversionError.MaskSizeMismatch,
                $"the image of image id {image.Id} is {size.Width}×{size.Height} but its annotations say {width}×{height}", imagesSource, $"entry '{imagePath}'");
        var labels = new ushort[checked(width * height)];
        if (settings.Background != 0) Array.Fill(labels, settings.Background);
        var objects = new List<object?>(annotations.Count);
        int maxId = settings.Background;
        foreach (var placed in annotations)
        {
            var a = placed.Annotation;
            var item = new Dictionary<string, object?>
            {
                ["id"] = a.Id,
                ["category_id"] = a.CategoryId,
                ["category"] = placed.Category,
                ["bbox"] = (a.Bbox ?? []).Cast<object?>().ToList(),
                ["area"] = a.Area,
                ["iscrowd"] = (long)a.IsCrowd,
            };
            if (settings.Map is not null) item["label"] = (long)placed.Label;
            objects.Add(item);
            if (a.IsCrowd != 0 && settings.Crowd == CrowdPolicy.Skip) continue;
            Rasterise(a, labels, height, width, (ushort)placed.Label);
            maxId = Math.Max(maxId, placed.Label);
        }
        return new Sample(image.Id.ToString(CultureInfo.InvariantCulture))
        {
            ["image"] = bytes,
            ["label_image"] = PixelLabelTable.Encode(labels, width, height, maxId),
            ["objects"] = objects,
        };
    }

    /// <summary>Paints one annotation; its RLE was checked and decoded by <see cref="CheckRle"/>.</summary>
    private static void Rasterise(CocoAnnotation a, ushort[] labels, int height, int width, ushort value)
    {
        var segmentation = a.Segmentation!;
        if (segmentation.Polygons is { } polygons)
        {
            // pycocotools merges the polygons' masks (union) before painting; painting each with one value is the same.
            foreach (var polygon in polygons)
                CocoMasks.Paint(CocoMasks.FromPolygon(polygon, height, width), labels, height, width, value);
            return;
        }
        CocoMasks.Paint(segmentation.Counts!, labels, height, width, value);
    }

    /// <summary>Refuses an RLE whose size is not its image's or whose counts do not cover it; leaves the counts decoded.</summary>
    private static CocoAnnotation CheckRle(CocoAnnotation a, CocoImage image, string file)
    {
        var segmentation = a.Segmentation!;
        if (segmentation.Polygons is not null) return a;
        if ((segmentation.Size![0], segmentation.Size[1]) != (image.Height, image.Width))
            throw Bad(file, a, $"its RLE \"size\" is [{segmentation.Size[0]}, {segmentation.Size[1]}] (height, width) but the image is {image.Height}×{image.Width} (h×w)", ConversionError.MaskSizeMismatch);
        uint[] counts;
        try
        {
            counts = segmentation.Counts ?? CocoMasks.DecodeCounts(segmentation.CountsText!);
        }
        catch (FormatException e)
        {
            throw Bad(file, a, $"its RLE counts text is malformed: {e.Message}");
        }
        long total = CocoMasks.Total(counts), expected = (long)image.Height * image.Width;
        if (total != expected)
            throw Bad(file, a, $"its RLE counts add up to {total}, not height × width = {image.Height} × {image.Width} = {expected}");
        a.Segmentation = new CocoSegmentation { Counts = counts, Size = segmentation.Size };
        return a;
    }
}
