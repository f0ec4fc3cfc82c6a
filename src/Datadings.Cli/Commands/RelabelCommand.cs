using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary><c>relabel IN OUT --map FILE</c>: over <see cref="RelabelOperation"/>.</summary>
internal static class RelabelCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to relabel." };
        var output = new Argument<string>("OUT") { Description = "Where to write the relabelled dataset." };
        var map = new Option<string>("--map") { Description = "JSON label map: source labels (names or ids) → training ids (see docs/derived.md).", Required = true };
        var unknown = new Option<string>("--unknown") { Description = "A label the map does not list: error, or ignore (give it the map's ignore id).", DefaultValueFactory = _ => "error" };
        unknown.AcceptOnlyFromAmong("error", "ignore");
        var field = new Option<string>("--field") { Description = "The label field to remap; the original is kept in _<field>.", DefaultValueFactory = _ => "label" };
        var force = CommonOptions.Force();
        var command = new Command("relabel", "Remap every sample's label through a label map, keeping the original as _label.") { input, output, map, unknown, field, force };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            string outPath = parsed.GetValue(output)!;
            CommonOptions.CheckOutputs([parsed.GetValue(input)!], [outPath], parsed.GetValue(force));
            string labelField = parsed.GetValue(field)!;
            var options = new RelabelOptions
            {
                LabelField = labelField,
                OriginalLabelField = "_" + labelField,
                UnknownLabels = parsed.GetValue(unknown) == "ignore" ? UnknownLabelPolicy.Ignore : UnknownLabelPolicy.Error,
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(RelabelOperation.Run(parsed.GetValue(input)!, outPath, parsed.GetValue(map)!, options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }
}
