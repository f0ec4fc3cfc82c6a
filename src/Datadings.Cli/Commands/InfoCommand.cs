using System.CommandLine;
using Datadings.Reading;
using Datadings.Views;

namespace Datadings.Cli.Commands;

/// <summary><c>info FILE</c>: what a dataset holds and which of its files are present.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The dataset's data file (.msgpack), or a view file (.view.json)." };
        var scan = new Option<string>("--scan") { Description = "Samples decoded to list fields and labels: all (the default), or the first N (0 = all).", DefaultValueFactory = _ => "all" };
        var command = new Command("info", "Show sample count, size, fields, label histogram and index files of a dataset.") { file, scan };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            int scanLimit = ScanLimit(parsed.GetValue(scan)!);
            if (DatasetFiles.IsView(parsed.GetValue(file)!))
            {
                PrintView(parsed.GetValue(file)!, scanLimit, cancellation);
                return ExitCodes.Success;
            }
            using var reader = new DatasetReader(parsed.GetValue(file)!);
            Console.WriteLine($"dataset:  {reader.Paths.Data}");
            Console.WriteLine($"samples:  {reader.Count}");
            Console.WriteLine($"data:     {Formatting.Bytes(reader.DataLength)}");
            Console.WriteLine($"layout:   {(reader.IsLegacy ? "legacy (.index; convert with `datadings convert-index`)" : "current")}");
            PrintIndexFiles(reader);
            PrintFields(reader, scanLimit == 0 ? reader.Count : Math.Min(scanLimit, reader.Count), cancellation);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>0 = every sample: "all" (the default: fast enough for millions of small samples, docs/cli.md) or a count.</summary>
    private static int ScanLimit(string text) =>
        text.Equals("all", StringComparison.OrdinalIgnoreCase) ? 0
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n
        : throw new UsageException($"--scan takes 'all' or a number of samples, not '{text}'");

    private static void PrintView(string path, int scanLimit, CancellationToken cancellation)
    {
        using var view = ViewReader.Open(path);
        var windows = Enumerable.Range(0, view.Count).Count(i => view.BaseIndices(i).Count > 1);
        Console.WriteLine($"view:     {Path.GetFullPath(path)}");
        Console.WriteLine($"base:     {ViewFile.Read(path).ResolveBase(path)} ({view.Base.Count} samples)");
        Console.WriteLine($"samples:  {view.Count}{(windows > 0 ? $" ({windows} windows of several base samples)" : "")}");
        PrintFields(view, scanLimit == 0 ? view.Count : Math.Min(scanLimit, view.Count), cancellation);
    }

    private static void PrintIndexFiles(DatasetReader reader)
    {
        Console.WriteLine("files:");
        var files = reader.Paths.IndexFiles;
        foreach (string path in reader.IsLegacy ? [reader.Paths.LegacyIndex, .. files] : files)
            Console.WriteLine($"  {Path.GetFileName(path),-40} {(File.Exists(path) ? Formatting.Bytes(new FileInfo(path).Length) : "missing")}");
    }

    private static void PrintFields(ISampleReader reader, int scanned, CancellationToken cancellation)
    {
        var survey = FieldSurvey.Scan(reader, scanned, cancellation);
        string scope = scanned == reader.Count ? $"all {reader.Count} samples" : $"the first {scanned} of {reader.Count} samples";
        Console.WriteLine($"fields (from {scope}):");
        foreach (var (name, types) in survey.Fields)
            Console.WriteLine($"  {name,-20} {string.Join(" | ", types.Select(t => t.Value == scanned ? t.Key : $"{t.Key} ({t.Value})"))}");
        if (survey.Labels.Count == 0) return;

        Console.WriteLine($"labels (from {scope}; {survey.Labels.Count} distinct):");
        const int shown = 50;
        foreach (var (label, count) in survey.Labels.Take(shown))
            Console.WriteLine($"  {label,-20} {count,8} {DisplayText.Percent(count, scanned),6}%");
        if (survey.Labels.Count > shown) Console.WriteLine($"  ... {survey.Labels.Count - shown} more");
    }
}
