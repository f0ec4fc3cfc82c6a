using System.Globalization;
using System.Text;
using Datadings.Conversions.Segmentation;

namespace Datadings.Conversions;

/// <summary>
/// Places365-Standard (the 256×256 "small" images), read in place: the image archive (<c>Source</c>:
/// <c>train_256_places365standard.tar</c> holding <c>data_256/a/airfield/00000001.jpg</c>…, or <c>val_256.tar</c> holding
/// <c>val_256/Places365_val_00000001.jpg</c>…) and the file lists (<c>Filelist</c>: <c>filelist_places365-standard.tar</c>
/// with <c>categories_places365.txt</c>, <c>places365_train_standard.txt</c>, <c>places365_val.txt</c>). One sample per
/// line of the listing (<c>Listing</c>, a file name in the file lists) in its order: <c>{key: the listed path without
/// its leading '/', image: JPEG bytes, label}</c>. A listed path is looked up under the archive's single top folder.
/// Class names: <c>categories_places365.txt</c> ("/a/airfield 0") without the leading letter folder ("airfield",
/// "apartment_building/outdoor"), by index. Options: Source, Filelist, Listing.
/// </summary>
public sealed class Places365Converter : ISampleConverter
{
    private const string Categories = "categories_places365.txt";

    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var images = context.Source();
        var filelist = context.Source("Filelist");
        string listing = context.RequiredOption("Listing");
        return Read(images, filelist, listing, context, cancellationToken);
    }

    private static IEnumerable<Sample> Read(ConversionSource imagesSource, ConversionSource filelistSource, string listingName,
        ConversionContext context, CancellationToken cancellationToken)
    {
        List<string> names;
        List<(string Path, long Label, int Line)> listing;
        using (var filelist = SegmentationTree.Open(filelistSource, cancellationToken))
        {
            names = ReadCategories(filelist, filelistSource.Name);
            listing = ReadListing(filelist, filelistSource.Name, listingName, names.Count);
        }
        context.OutputMetadata["ClassNames"] = string.Join(';', names);

        using var images = SegmentationTree.Open(imagesSource, cancellationToken);
        // The archive's single top folder (data_256/, val_256/); listed paths are relative to it.
        var tops = images.Paths.Select(p => p.Contains('/') ? p[..(p.IndexOf('/') + 1)] : "").Distinct().Take(2).ToList();
        string root = tops.Count == 1 ? tops[0] : "";
        context.ExpectedSampleCount = listing.Count;
        foreach (var (path, label, line) in listing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = images.ReadRequired(root + path, $"the image on line {line} of {listingName} (in '{filelistSource.Name}')", ConversionError.DatasetLayout);
            yield return new Sample(path) { ["image"] = image, ["label"] = label };
        }
    }

    private static SourceFile Find(SegmentationTree tree, string source, string name)
    {
        var found = tree.Paths.Where(p => p == name || p.EndsWith("/" + name, StringComparison.Ordinal)).ToList();
        return found.Count == 1 ? new SourceFile(found[0], tree.Read(found[0]))
            : throw new ConversionException(ConversionError.DatasetLayout, found.Count == 0
                ? $"no {name} (expected the layout of filelist_places365-standard.tar)"
                : $"{found.Count} files are called {name}: {string.Join(", ", found)}", source);
    }

    private sealed record SourceFile(string Path, byte[] Bytes);

    private static List<string> ReadCategories(SegmentationTree tree, string source)
    {
        var file = Find(tree, source, Categories);
        var names = new List<string>();
        int number = 0;
        foreach (var line in Lines(file.Bytes))
        {
            number++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "/a/airfield 0": the category's path, then its index, which must count up from 0.
            if (parts.Length != 2 || parts[1] != names.Count.ToString(CultureInfo.InvariantCulture) || !parts[0].StartsWith('/') || parts[0].IndexOf('/', 1) != 2)
                throw new ConversionException(ConversionError.DatasetLayout, $"expected '/l/category {names.Count}', got '{line}'", source, $"{file.Path} line {number}");
            names.Add(parts[0][3..]);
        }
        return names;
    }

    private static List<(string, long, int)> ReadListing(SegmentationTree tree, string source, string name, int classes)
    {
        var file = Find(tree, source, name);
        var listing = new List<(string, long, int)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (var line in Lines(file.Bytes))
        {
            number++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long label) || label >= classes)
                throw new ConversionException(ConversionError.DatasetLayout, $"expected 'PATH LABEL' with a label below {classes}, got '{line}'", source, $"{file.Path} line {number}");
            string path = parts[0].TrimStart('/');
            if (!keys.Add(path))
                throw new ConversionException(ConversionError.DuplicateKey, $"'{path}' is listed twice", source, $"{file.Path} line {number}");
            listing.Add((path, label, number));
        }
        return listing;
    }

    private static IEnumerable<string> Lines(byte[] text) =>
        Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
