using System.CommandLine;
using System.Globalization;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>view BASE OUT (--indices FILE | --keys FILE | --windows SIZE[:STRIDE]) [--materialize]</c>: over <see cref="ViewOperation"/>.</summary>
internal static class ViewCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("BASE") { Description = "The base dataset." };
        var output = new Argument<string>("OUT") { Description = "The view file to write (e.g. NAME.view.json), or with --materialize the dataset." };
        var indices = new Option<string>("--indices") { Description = "Text file of base indices, one view sample per line (several on a line = one sample holding them)." };
        var keys = new Option<string>("--keys") { Description = "Text file of base keys, one per line." };
        var windows = new Option<string>("--windows") { Description = "Sliding windows SIZE[:STRIDE] of consecutive base samples (stride 1 by default)." };
        var groupBy = new Option<string>("--group-by") { Description = "With --windows: windows never span two values of this field (e.g. video)." };
        var materialize = new Option<bool>("--materialize") { Description = "Write a normal dataset (bytes copied) instead of a view file served from the base." };
        var force = CommonOptions.Force();
        var command = new Command("view", "Select samples of a base dataset by index, key or sliding window, as a view file or a dataset.")
        {
            input, output, indices, keys, windows, groupBy, materialize, force,
        };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            string? windowText = parsed.GetValue(windows);
            int given = new object?[] { parsed.GetValue(indices), parsed.GetValue(keys), windowText }.Count(v => v is not null);
            if (given != 1) throw new UsageException("give exactly one of --indices, --keys and --windows");
            if (parsed.GetValue(groupBy) is not null && windowText is null) throw new UsageException("--group-by applies only with --windows");
            var (size, stride) = windowText is null ? (default(int?), 1) : ParseWindows(windowText);
            string outPath = parsed.GetValue(output)!;
            CommonOptions.CheckOutputs([parsed.GetValue(input)!], [outPath], parsed.GetValue(force));

            var options = new ViewOptions
            {
                IndicesFile = parsed.GetValue(indices),
                KeysFile = parsed.GetValue(keys),
                WindowSize = size,
                WindowStride = stride,
                WindowGroupField = parsed.GetValue(groupBy),
                Materialize = parsed.GetValue(materialize),
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(ViewOperation.Run(parsed.GetValue(input)!, outPath, options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }

    private static (int? Size, int Stride) ParseWindows(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1
            || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int s) || s < 1)))
            throw new UsageException($"--windows takes SIZE or SIZE:STRIDE with positive integers, not \"{text}\"");
        return (size, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1);
    }
}
