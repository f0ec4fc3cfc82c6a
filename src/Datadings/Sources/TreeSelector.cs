using System.Text;

namespace Datadings.Sources;

/// <summary>
/// Applies the search patterns, include/exclude filters and label rules to a storage's files,
/// giving the entries every source kind exposes. All checks happen here, before any content is read.
/// </summary>
internal sealed class TreeSelector
{
    private readonly TreeStorage _storage;
    private readonly LabelledTreeOptions _options;
    private readonly FnmatchPattern[] _include;
    private readonly FnmatchPattern[] _exclude;

    private TreeSelector(TreeStorage storage, LabelledTreeOptions options)
    {
        _storage = storage;
        _options = options;
        _include = options.Include.Select(p => new FnmatchPattern(p)).ToArray();
        _exclude = options.Exclude.Select(p => new FnmatchPattern(p)).ToArray();
    }

    private sealed record Candidate(string Key, StoredFile File, string? Label, IReadOnlyList<string> AdditionalInfo);

    public static TreeSelection Select(TreeStorage storage, LabelledTreeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Patterns.Count == 0) throw new ArgumentException("At least one search pattern is needed.");
        if (string.IsNullOrEmpty(options.Separator)) throw new ArgumentException("The listing separator must not be empty.");
        var selector = new TreeSelector(storage, options);
        var candidates = selector.Candidates();
        CheckUnique(candidates, storage.SourcePath);
        return Label(candidates, options, storage.SourcePath);
    }

    private List<Candidate> Candidates()
    {
        // Each pattern is a listing (Glob null) or a glob; all globs are needed before keys can be made.
        var patterns = _options.Patterns
            .Select(p => (Text: p, Glob: IsListing(p) ? null : new GlobPattern(p)))
            .ToList();
        var keyPrefix = KeyPrefix(patterns.Select(p => p.Glob).OfType<GlobPattern>().ToList());
        var candidates = new List<Candidate>();
        foreach (var (text, glob) in patterns)
            candidates.AddRange(glob is null ? Listed(text) : Matches(glob, keyPrefix));
        return candidates;
    }

    // A pattern naming an existing file is a listing, as in the reference (which checks os.path.isfile).
    private bool IsListing(string pattern) =>
        !FnmatchPattern.HasMagic(pattern) && !pattern.Contains(GlobPattern.LabelMarker)
        && (InSource(pattern) is not null || File.Exists(pattern));

    private StoredFile? InSource(string pattern) =>
        EntryPath.TryNormalize(pattern, out var path, out _) ? _storage.Find(path) : null;

    /// <summary>
    /// The directories stripped from glob matches to make keys: for one pattern, those before its
    /// <c>{LABEL}</c> (none without one); for several, the leading directories all patterns share, up to
    /// a <c>{LABEL}</c> or wildcard. The reference takes a character-wise common prefix, which can cut a
    /// name in half ("train/.." and "test/.." share "t"); whole segments are used here instead.
    /// </summary>
    private static IReadOnlyList<string> KeyPrefix(List<GlobPattern> globs)
    {
        if (globs.Count == 0) return [];
        if (globs.Count == 1) return globs[0].LabelSegment is null ? [] : globs[0].LiteralPrefix;
        var shared = globs[0].LiteralPrefix.ToList();
        foreach (var glob in globs.Skip(1))
        {
            var n = 0;
            while (n < shared.Count && n < glob.LiteralPrefix.Count && shared[n] == glob.LiteralPrefix[n]) n++;
            shared.RemoveRange(n, shared.Count - n);
        }
        return shared;
    }

    private IEnumerable<Candidate> Matches(GlobPattern glob, IReadOnlyList<string> keyPrefix)
    {
        var matches = new List<(StoredFile File, string[] Segments)>();
        foreach (var file in _storage.FilesUnder(glob.LiteralPrefix))
        {
            var segments = file.Path.Split('/');
            if (glob.IsMatch(segments) && IsIncluded(file.Path)) matches.Add((file, segments));
        }
        // The reference keeps the file system's (or zip's) order; a fixed order makes sources interchangeable.
        matches.Sort((a, b) => NaturalOrder.Paths.Compare(a.File.Path, b.File.Path));
        return matches.Select(m => new Candidate(
            string.Join('/', m.Segments.Skip(keyPrefix.Count)),
            Readable(m.File),
            glob.LabelSegment is { } at ? m.Segments[at] : null,
            []));
    }

    private IEnumerable<Candidate> Listed(string pattern)
    {
        var inSource = InSource(pattern);
        var listingName = inSource is null ? pattern : $"{_storage.SourcePath} (member '{inSource.Path}')";
        using var reader = new StreamReader(inSource is null ? OpenOnDisk(pattern) : _storage.OpenFile(inSource), Encoding.UTF8);
        var candidates = new List<Candidate>();
        foreach (var line in ListingFile.Parse(reader, _options.Separator))
        {
            if (!EntryPath.TryNormalize(line.Path, out var listed, out var problem)
                || !EntryPath.TryNormalize(_options.RootDir.Length == 0 ? listed : $"{_options.RootDir}/{listed}", out var path, out problem))
                throw new SourceException($"line {line.LineNumber}: {problem}", listingName, line.Path);
            if (!IsIncluded(listed)) continue;
            var file = _storage.Find(path)
                ?? throw new SourceException($"line {line.LineNumber}: no file '{path}' in {_storage.SourcePath}", listingName, line.Path);
            candidates.Add(new Candidate(listed, Readable(file), line.Label, line.AdditionalInfo));
        }
        return candidates;
    }

    private static FileStream OpenOnDisk(string listing)
    {
        try
        {
            return File.OpenRead(listing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException($"cannot read the listing file: {e.Message}", listing, inner: e);
        }
    }

    private bool IsIncluded(string path) =>
        (_include.Length == 0 || _include.Any(p => p.IsMatch(path))) && !_exclude.Any(p => p.IsMatch(path));

    private StoredFile Readable(StoredFile file) =>
        file.Unreadable is null ? file : throw new SourceException(file.Unreadable, _storage.SourcePath, file.Path);

    private static void CheckUnique(List<Candidate> candidates, string sourcePath)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (!seen.TryAdd(c.Key, c.File.Path))
                throw new SourceException($"key '{c.Key}' is produced twice (also by '{seen[c.Key]}'); keys must be unique", sourcePath, c.File.Path);
        }
    }

    private static TreeSelection Label(List<Candidate> candidates, LabelledTreeOptions options, string sourcePath)
    {
        var unlabelled = candidates.FirstOrDefault(c => c.Label is null);
        var labelled = candidates.FirstOrDefault(c => c.Label is not null);
        if (unlabelled is not null && labelled is not null)
            throw new SourceException(
                $"the entry has no label while others have (e.g. '{labelled.File.Path}'); give every entry a label or none",
                sourcePath, unlabelled.File.Path);

        var labels = LabelList.Resolve(options, candidates.Select(c => c.Label).OfType<string>());
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (long)p.i, StringComparer.Ordinal);
        var entries = candidates.Select(c =>
        {
            if (c.Label is null) return new SourceEntry(c.Key, c.File.Path, null, null, c.AdditionalInfo);
            if (!index.TryGetValue(c.Label, out var number))
                throw new SourceException($"label '{c.Label}' is not in the labels list ({labels.Count} labels)", sourcePath, c.File.Path);
            return new SourceEntry(c.Key, c.File.Path, options.NumericLabels ? number : c.Label, c.Label, c.AdditionalInfo);
        }).ToList();
        return new TreeSelection(labels, entries, candidates.Select(c => c.File).ToList());
    }
}
