using System.CommandLine;
using Datadings.Reading;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>cat FILE</c>: prints samples (or only keys), one per line; FILE may be a dataset or a view file. Samples are
/// shown as the msgpack value they hold (like the reference), so non-map samples and field names that are not
/// strings print too.
/// </summary>
internal static class CatCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The dataset's data file (.msgpack), or a view file (.view.json)." };
        var maxString = new Option<int>("--max-string", "-s") { Description = "Longest string shown in full (0 = no limit).", DefaultValueFactory = _ => 40 };
        var maxItems = new Option<int>("--max-items", "-n") { Description = "Fields of a sample, and items of a list or map, shown before '...' (0 = all).", DefaultValueFactory = _ => 10 };
        var all = new Option<bool>("--all", "-a") { Description = "Show everything: every field and item, strings in full (like -s 0 -n 0)." };
        var keys = new Option<bool>("--keys", "-k") { Description = "Print only the keys." };
        var range = new Option<string?>("--range", "-r") { Description = "Samples START:STOP as a Python slice (e.g. 10:20, -5:, :100)." };
        var export = new Option<string?>("--export", "-e") { Description = "Write each field holding an encoded image (PNG, JPEG, GIF, BMP, WebP) as the file DIR/KEY.FIELD.EXT instead of printing samples.", HelpName = "DIR" };
        var command = new Command("cat", "Print the samples of a dataset (or a view) readably.") { file, maxString, maxItems, all, keys, range, export };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            if (parsed.GetValue(maxString) < 0) throw new UsageException("--max-string must not be negative");
            if (parsed.GetValue(maxItems) < 0) throw new UsageException("--max-items must not be negative");
            var (start, stop) = SliceRange.Parse(parsed.GetValue(range));
            using var reader = DatasetFiles.Open(parsed.GetValue(file)!);
            if (parsed.GetValue(export) is { } directory)
            {
                var (files, fields) = ImageExport.Run(reader, SliceRange.Indices(reader.Count, start, stop), directory, cancellation);
                Console.WriteLine(files == 0
                    ? $"no field of these samples holds an encoded image (PNG, JPEG, GIF, BMP, WebP); nothing written to {directory}"
                    : $"{files} images written to {directory} (fields: {string.Join(", ", fields)})");
                return ExitCodes.Success;
            }
            bool everything = parsed.GetValue(all);
            var formatter = new SampleFormatter(
                everything ? 0 : parsed.GetValue(maxString),
                everything ? 0 : parsed.GetValue(maxItems),
                everything ? int.MaxValue : 4);
            using var output = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 1 << 16) { AutoFlush = false };
            foreach (int index in SliceRange.Indices(reader.Count, start, stop))
            {
                cancellation.ThrowIfCancellationRequested();
                output.WriteLine(parsed.GetValue(keys) ? reader.GetKey(index) : formatter.Format(reader.GetValue(index)));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
