using System.CommandLine;
using Datadings.Reports;

namespace Datadings.Cli.Commands;

/// <summary><c>report DATASET [-o CARD.html]</c>: writes the dataset's card (see docs/cards.md) from all its samples.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("DATASET") { Description = "The dataset (NAME.msgpack)." };
        var output = new Option<string>("--output", "-o") { Description = "The card to write; NAME.card.html beside the dataset by default." };
        var classNames = new Option<string>("--class-names") { Description = "Class names by integer label, separated by ';' (label 0 first), e.g. a conversion's ClassNames." };
        var labelField = new Option<string>("--label-field") { Description = "The field holding labels.", DefaultValueFactory = _ => "label" };
        var seed = new Option<int>("--seed") { Description = "Seed of the thumbnail choice: same dataset and seed, same card." };
        var labelMap = new Option<string>("--label-map") { Description = "A label-map JSON with class colours (docs/segmentation.md): segmentation masks are shown in its colours." };
        var maskField = new Option<string>("--mask-field") { Description = "The field holding label-image PNGs.", DefaultValueFactory = _ => "label_image" };
        var command = new Command("report", "Write a self-contained HTML card of a dataset: sizes, field statistics, label histogram over all samples, thumbnails per class.")
        {
            input, output, classNames, labelField, seed, labelMap, maskField,
        };

        command.SetGuardedAction((parsed, cancellation) =>
        {
            string dataset = parsed.GetValue(input)!;
            DatasetFiles.RequireDatasets("report", dataset);
            string card = parsed.GetValue(output) ?? DefaultCardPath(dataset);
            var options = new CardOptions
            {
                ClassNames = parsed.GetValue(classNames)?.Split(';') ?? [],
                LabelField = parsed.GetValue(labelField)!,
                // A field the user named must be there (a typo would otherwise give a card without labels, silently).
                RequireLabelField = parsed.GetResult(labelField) is { Implicit: false },
                Seed = parsed.GetValue(seed),
                LabelMap = parsed.GetValue(labelMap) is { } map ? LoadMap(map) : null,
                MaskField = parsed.GetValue(maskField)!,
                RequireMaskField = parsed.GetResult(maskField) is { Implicit: false },
            };
            DatasetCard.Write(dataset, card, options, cancellation);
            if (!parsed.GetValue(CommonOptions.Quiet)) Console.WriteLine($"wrote {card}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Datadings.Operations.LabelMap LoadMap(string path)
    {
        try
        {
            return Datadings.Operations.LabelMap.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--label-map {path}: {e.Message}");
        }
    }

    private static string DefaultCardPath(string dataset)
    {
        string data = DatasetPaths.For(dataset).Data;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(data))!, Path.GetFileNameWithoutExtension(data) + ".card.html");
    }
}
