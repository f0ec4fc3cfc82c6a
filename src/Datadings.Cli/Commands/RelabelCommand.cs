using System.CommandLine;
using Datadings.Operations;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>relabel IN OUT --map FILE [--pixels] [--label-field F] [--color-field C]</c>: over <see cref="RelabelOperation"/>,
/// with the options of the SDK's <c>DatasetRelabel</c> item (LabelField, UnknownLabels, Pixels, ColorField).
/// </summary>
internal static class RelabelCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Dataset to relabel." };
        var output = new Argument<string>("OUT") { Description = "Where to write the relabelled dataset." };
        var map = new Option<string>("--map") { Description = "JSON label map: source labels (names or ids) → training ids (see docs/derived.md).", Required = true };
        var unknown = new Option<string>("--unknown") { Description = "A label the map does not list: error, or ignore (give it the map's ignore id).", DefaultValueFactory = _ => "error" };
        unknown.AcceptOnlyFromAmong("error", "ignore");
        var field = new Option<string>("--label-field", "--field") { Description = "The label field to remap; a scalar label's original is kept in _<field>.", DefaultValueFactory = _ => "label" };
        var pixels = new Option<bool>("--pixels") { Description = "The label field is a label image (8/16-bit grey or palette PNG): remap every pixel through the map's integer ids and re-encode it losslessly." };
        var color = new Option<string?>("--color-field") { Description = "With --pixels: add this field after the label image, an RGB PNG of the map's class colours (for looking at masks)." };
        var force = CommonOptions.Force();
        var command = new Command("relabel", "Remap every sample's label (or, with --pixels, every pixel of a label image) through a label map; a scalar label's original is kept as _label (a sample that has _label keeps it).") { input, output, map, unknown, field, pixels, color, force };

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
                Pixels = parsed.GetValue(pixels),
                ColorField = parsed.GetValue(color),
                Overwrite = parsed.GetValue(force),
            };
            var reporter = new OperationReporter(parsed.GetValue(CommonOptions.Quiet));
            reporter.Summarize(RelabelOperation.Run(parsed.GetValue(input)!, outPath, parsed.GetValue(map)!, options, reporter, cancellation));
            return ExitCodes.Success;
        });
        return command;
    }
}
