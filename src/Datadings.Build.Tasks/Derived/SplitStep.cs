using System.Globalization;
using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// <c>DatasetSplit</c>: <see cref="SplitOperation"/>. <c>Parts="train:0.8;test:0.2"</c> names the datasets it
/// produces with their fractions, or <c>Parts="train;test" Positions="800"</c> cuts at positions. The assignment
/// of every key is written to a CSV beside the project; a stable split reads it back first, so keys keep their part.
/// </summary>
internal sealed class SplitStep : DerivedStep
{
    private readonly IReadOnlyList<string> _parts;
    private readonly IReadOnlyList<double>? _fractions;
    private readonly IReadOnlyList<int>? _positions;
    private readonly SplitOptions _options;

    public SplitStep(ItemMetadata item, string assignmentDirectory) : base(item, "split", [SingleInput(item, "the dataset to split")])
    {
        var parts = item.List("Parts");
        if (parts.Count < 2) throw item.Invalid("needs Parts with at least two parts, e.g. Parts=\"train:0.8;test:0.2\" (names become dataset names)");
        var names = parts.Select(p => p.Split(':')[0].Trim()).ToList();
        var fractionTexts = parts.Select(p => p.Contains(':') ? p[(p.IndexOf(':') + 1)..].Trim() : null).ToList();
        foreach (var name in names) DerivedStepReader.RequireDatasetName(item, name);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) throw item.Invalid($"Parts '{string.Join(';', parts)}' names a part twice");
        _parts = names;

        if (item.Text("Positions") is { } positionsText)
        {
            if (fractionTexts.Any(f => f is not null))
                throw item.Invalid("give either fractions in Parts (name:fraction) or Positions, not both");
            _positions = item.List("Positions").Select(p => int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n : throw item.Invalid($"Positions '{positionsText}' is not a list of integers separated by ';'")).ToList();
            if (_positions.Count != names.Count - 1)
                throw item.Invalid($"{_positions.Count} positions cut {_positions.Count + 1} parts, but Parts names {names.Count}");
        }
        else
        {
            _fractions = fractionTexts.Select((f, i) => f is not null && double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                ? x : throw item.Invalid($"part '{parts[i]}' of Parts is not NAME:FRACTION (e.g. train:0.8); or give Positions")).ToList();
        }

        var assignment = item.Text("Assignment");
        AssignmentFile = string.Equals(assignment, "false", StringComparison.OrdinalIgnoreCase) ? null
            : assignment is not null ? item.Path("Assignment")
            : Path.GetFullPath(Path.Combine(item.ProjectDirectory, assignmentDirectory, Name + ".split.csv"));
        var stable = item.Enum<StableSplitBy>("Stable");
        _options = new SplitOptions
        {
            PartNames = names,
            StratifyField = item.Text("Stratify"),
            StableBy = stable,
            ContentFields = item.Text("ContentFields") is null ? null : item.List("ContentFields"),
            Seed = item.Long("Seed") ?? 0,
            // A stable split keeps the parts an earlier build (or a reviewer) recorded; other splits only report.
            PreviousAssignment = stable is null ? null : AssignmentFile,
            AssignmentOutput = AssignmentFile,
            Overwrite = true,
        };
    }

    public override IReadOnlyList<string> Produces => _parts;

    public override string? AssignmentFile { get; }

    /// <summary>A stable split reads its previous assignment: that file is an input too.</summary>
    public bool Stable => _options.StableBy is not null;

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken)
    {
        var options = _options with { Outputs = outputs };
        return _positions is not null
            ? SplitOperation.AtPositions(inputs[0], _positions, options, progress, cancellationToken)
            : SplitOperation.ByFractions(inputs[0], _fractions!, options, progress, cancellationToken);
    }
}
