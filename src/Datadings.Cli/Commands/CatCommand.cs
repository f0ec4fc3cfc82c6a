using System.CommandLine;
using Datadings.Reading;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>cat FILE</c>: prints samples (or only keys), one per line. Samples are shown as the msgpack value they hold
/// (like the reference), so non-map samples and field names that are not strings print too.
/// </summary>
internal static class CatCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The dataset's data file (.msgpack)." };
        var maxString = new Option<int>("--max-string", "-s") { Description = "Longest string shown in full.", DefaultValueFactory = _ => 40 };
        var keys = new Option<bool>("--keys", "-k") { Description = "Print only the keys." };
        var range = new Option<string?>("--range", "-r") { Description = "Samples START:STOP as a Python slice (e.g. 10:20, -5:, :100)." };
        var command = new Command("cat", "Print the samples of a dataset readably.") { file, maxString, keys, range };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            if (parsed.GetValue(maxString) < 0) throw new UsageException("--max-string must not be negative");
            var (start, stop) = SliceRange.Parse(parsed.GetValue(range));
            using var reader = new DatasetReader(parsed.GetValue(file)!);
            var formatter = new SampleFormatter(parsed.GetValue(maxString));
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
