using System.Globalization;
using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// <c>DatasetView</c>: <see cref="ViewOperation"/> defined by exactly one of <c>Indices</c> (file), <c>Keys</c>
/// (file) or <c>Windows</c> (<c>SIZE</c> or <c>SIZE:STRIDE</c>, optionally <c>GroupBy</c>); materialized unless
/// <c>Materialize="false"</c>, which writes only <c>NAME.view.json</c>.
/// </summary>
internal sealed class ViewStep : DerivedStep
{
    private readonly ViewOptions _options;

    public ViewStep(ItemMetadata item) : base(item, "view", [SingleInput(item, "the base dataset of the view")])
    {
        int given = new[] { "Indices", "Keys", "Windows" }.Count(key => item.Text(key) is not null);
        if (given != 1)
            throw item.Invalid("define the view by exactly one of Indices (a file of base indices), Keys (a file of base keys) or Windows (SIZE or SIZE:STRIDE)");
        var (size, stride) = item.Text("Windows") is { } windows ? ParseWindows(item, windows) : ((int?)null, 1);
        if (item.Text("GroupBy") is not null && size is null)
            throw item.Invalid("GroupBy only applies to Windows");
        _options = new ViewOptions
        {
            IndicesFile = item.Path("Indices"),
            KeysFile = item.Path("Keys"),
            WindowSize = size,
            WindowStride = stride,
            WindowGroupField = item.Text("GroupBy"),
            Materialize = item.Bool("Materialize") ?? true,
            Overwrite = true,
        };
    }

    public override IReadOnlyList<string> ReferencedFiles => [.. new[] { _options.IndicesFile, _options.KeysFile }.OfType<string>()];

    public override bool WritesViewFile => !_options.Materialize;

    public override OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IProgress<OperationProgress> progress, CancellationToken cancellationToken) =>
        ViewOperation.Run(inputs[0], outputs[0], _options, progress, cancellationToken);

    private static (int?, int) ParseWindows(ItemMetadata item, string text)
    {
        var parts = text.Split(':');
        if (parts.Length <= 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1))
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1);
        throw item.Invalid($"Windows '{text}' is not SIZE or SIZE:STRIDE (positive integers, e.g. 5 or 5:2)");
    }
}
