using System.Globalization;
using System.Text;
using Datadings.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Datadings.Build.Tasks.Cards;

/// <summary>
/// <c>DatadingsCards=true</c>: one card (Datadings.Reports) per dataset file of @(DatasetOutput), beside it as
/// <c>NAME.card.html</c>, showing the sources (URL, MD5) of the conversions it comes from and the chain of steps that
/// made it, each linking to its own card. A stamp per card (the dataset's .md5, what the card shows, the code's
/// identity) keeps a build with nothing changed from reading the dataset or rewriting the card.
/// </summary>
public sealed class WriteDatasetCards : DatadingsTask
{
    /// <summary>@(DatasetOutput): DatasetName, Converter (conversions) or Operation + DerivedFrom (derived), ClassNames, DatasetSources, Shard, ShardCount, View.</summary>
    [Required]
    public ITaskItem[] Datasets { get; set; } = [];

    /// <summary>@(DatasetSource): Include = the name conversions use, Url (first of ';'), Md5.</summary>
    public ITaskItem[] Sources { get; set; } = [];

    [Required]
    public string CardDirectory { get; set; } = "";

    [Required]
    public string StampDirectory { get; set; } = "";

    /// <summary>Seed of the thumbnails' choice (same dataset and seed → same card).</summary>
    public int Seed { get; set; }

    /// <summary>One item per card: item spec = its full path, DatasetName, UpToDate.</summary>
    [Output]
    public ITaskItem[] Cards { get; set; } = [];

    /// <summary>Cards and their stamps, for FileWrites (clean removes them).</summary>
    [Output]
    public ITaskItem[] FilesWritten { get; set; } = [];

    private static readonly string CodeIdentity =
        typeof(DatasetCard).Assembly.ManifestModule.ModuleVersionId + " " + typeof(WriteDatasetCards).Assembly.ManifestModule.ModuleVersionId;

    public override bool Execute()
    {
        // View files (Materialize="false") are not datasets a card can read; every other output file gets one.
        var files = Datasets.Where(d => d.GetMetadata("View") != "true").ToList();
        var byName = files.GroupBy(d => d.GetMetadata("DatasetName"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => Shard(d)).ToList(), StringComparer.Ordinal);
        var cardDirectory = Path.GetFullPath(Path.Combine(ProjectDirectory, CardDirectory));
        var stampDirectory = Path.GetFullPath(Path.Combine(ProjectDirectory, StampDirectory));
        var cards = new List<ITaskItem>();
        var written = new List<ITaskItem>();
        foreach (var (name, shards) in byName.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var file in shards)
            {
                if (Cancelled) return ReportCancelled(CardErrorCodes.Cancelled, "Writing dataset cards was cancelled; cards written so far are complete.");
                var dataPath = file.GetMetadata("FullPath");
                var cardPath = Path.Combine(cardDirectory, CardFileName(dataPath));
                var stampPath = Path.Combine(stampDirectory, Path.GetFileName(cardPath) + ".stamp");
                var mask = MaskOf(name, byName);
                var options = new CardOptions
                {
                    Title = shards.Count > 1 ? $"{name} (shard {Shard(file) + 1} of {shards.Count})" : name,
                    ClassNames = Split(file.GetMetadata("ClassNames")),
                    Seed = Seed,
                    Sources = SourcesOf(name, byName),
                    LabelMap = mask?.Map,
                    MaskField = mask?.Field ?? new CardOptions().MaskField,
                    Steps = StepsOf(name, byName),
                };
                var stamp = StampOf(dataPath, options, mask?.Path);
                bool upToDate = File.Exists(cardPath) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp;
                if (!upToDate)
                {
                    try
                    {
                        DatasetCard.Write(dataPath, cardPath, options, Cancellation);
                        Directory.CreateDirectory(stampDirectory);
                        File.WriteAllText(stampPath, stamp);
                        Log.LogMessage(MessageImportance.Normal, "{0}: wrote the card {1}", name, cardPath);
                    }
                    catch (OperationCanceledException)
                    {
                        return ReportCancelled(CardErrorCodes.Cancelled, "Writing dataset cards was cancelled; cards written so far are complete.");
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or DatadingsFormatException or InvalidOperationException or ArgumentException)
                    {
                        LogProjectError(CardErrorCodes.CardFailed, $"Cannot write the card of dataset '{name}' ({dataPath}) to {cardPath}: {e.Message}");
                        continue;
                    }
                }
                var card = new TaskItem(cardPath);
                card.SetMetadata("DatasetName", name);
                card.SetMetadata("UpToDate", upToDate ? "true" : "false");
                cards.Add(card);
                written.Add(new TaskItem(cardPath));
                written.Add(new TaskItem(stampPath));
            }
        }
        Cards = [.. cards];
        FilesWritten = [.. written];
        return !Log.HasLoggedErrors;
    }

    /// <summary>train.msgpack → train.card.html; shards keep their number (pets-00001.card.html).</summary>
    private static string CardFileName(string dataPath) => Path.GetFileNameWithoutExtension(dataPath) + ".card.html";

    private static int Shard(ITaskItem item) =>
        int.TryParse(item.GetMetadata("Shard"), NumberStyles.None, CultureInfo.InvariantCulture, out var shard) ? shard : 0;

    private static IReadOnlyList<string> Split(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The dataset and every dataset it was made from, inputs before what reads them (a depth-first post-order).</summary>
    private static List<string> Chain(string name, Dictionary<string, List<ITaskItem>> byName)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string dataset)
        {
            if (!seen.Add(dataset)) return;
            if (byName.TryGetValue(dataset, out var files))
                foreach (var input in Split(files[0].GetMetadata("DerivedFrom")))
                    Visit(input);
            order.Add(dataset);
        }
        Visit(name);
        return order;
    }

    private static IReadOnlyList<CardStep> StepsOf(string name, Dictionary<string, List<ITaskItem>> byName) =>
        Chain(name, byName).Select(dataset =>
        {
            if (!byName.TryGetValue(dataset, out var files))
                return new CardStep("input", dataset, null); // a view file: no card of its own
            var first = files[0];
            var kind = first.GetMetadata("Operation") is { Length: > 0 } operation
                ? operation + (Split(first.GetMetadata("DerivedFrom")) is { Count: > 0 } inputs ? " of " + string.Join(", ", inputs) : "")
                : $"conversion ({first.GetMetadata("Converter")})";
            return new CardStep(kind, dataset, dataset == name && files.Count == 1 ? null : CardFileName(first.GetMetadata("FullPath")));
        }).ToList();

    private IReadOnlyList<CardSource> SourcesOf(string name, Dictionary<string, List<ITaskItem>> byName)
    {
        var declared = Sources.GroupBy(s => s.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return Chain(name, byName)
            .SelectMany(d => byName.TryGetValue(d, out var files) ? Split(files[0].GetMetadata("DatasetSources")) : [])
            .Distinct(StringComparer.Ordinal)
            .Select(source => declared.TryGetValue(source, out var item)
                ? new CardSource(source, Split(item.GetMetadata("Url")).FirstOrDefault() ?? "(a file of the project)", item.GetMetadata("Md5"))
                : new CardSource(source, "", ""))
            .ToList();
    }

    /// <summary>
    /// The label map of the last pixel relabel in the dataset's chain (its masks hold that map's ids), loaded; null
    /// when there is none, or the map cannot be read (the relabel itself reports that).
    /// </summary>
    private static (Datadings.Operations.LabelMap Map, string Field, string Path)? MaskOf(string name, Dictionary<string, List<ITaskItem>> byName)
    {
        foreach (var dataset in Enumerable.Reverse(Chain(name, byName)))
        {
            if (!byName.TryGetValue(dataset, out var files) || files[0].GetMetadata("LabelMap") is not { Length: > 0 } path) continue;
            try
            {
                return (Datadings.Operations.LabelMap.Load(path), files[0].GetMetadata("MaskField"), path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>What the card depends on: the dataset's content (its .md5 file), everything the options show, the code.</summary>
    private static string StampOf(string dataPath, CardOptions options, string? mapPath)
    {
        var md5 = DatasetPaths.For(dataPath).Md5;
        var text = new StringBuilder()
            .AppendLine("code " + CodeIdentity)
            .AppendLine("data " + (File.Exists(md5) ? File.ReadAllText(md5).Trim() : new FileInfo(dataPath).Length + " " + File.GetLastWriteTimeUtc(dataPath).Ticks))
            .AppendLine("title " + options.Title)
            .AppendLine("seed " + options.Seed.ToString(CultureInfo.InvariantCulture))
            .AppendLine("classes " + string.Join(";", options.ClassNames))
            .AppendLine("masks " + options.MaskField + " " + (mapPath is null ? "" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(mapPath)))));
        foreach (var s in options.Sources) text.AppendLine($"source {s.Name}|{s.Url}|{s.Md5}");
        foreach (var s in options.Steps) text.AppendLine($"step {s.Kind}|{s.Dataset}|{s.Href}");
        return text.ToString();
    }
}
