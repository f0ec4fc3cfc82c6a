using System.Globalization;
using Datadings;
using Datadings.Conversions;

namespace Points;

/// <summary>
/// Reads a text file of points, one "x y label" per line ('#' starts a comment), and yields one sample per point:
/// {key, x, y, radius, label}. Option <c>Scale</c> multiplies the coordinates (default 1).
/// </summary>
public sealed class PointsConverter : ISampleConverter
{
    public IEnumerable<Sample> Convert(ConversionContext context, CancellationToken cancellationToken)
    {
        var source = context.Source();                       // the DatasetSource named by Source="…"
        var scale = double.Parse(context.Option("Scale", "1"), CultureInfo.InvariantCulture);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(source.Path))    // stream: never hold the whole file
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            var text = line.Split('#')[0].Trim();
            if (text.Length == 0) continue;
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3
                || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var y))
            {
                // A ConversionException names the source and line; the build reports it as DD2005 for this dataset.
                throw new ConversionException(ConversionError.BadRow, "expected 'x y label'", source.Name, $"line {lineNumber}");
            }
            x *= scale;
            y *= scale;
            yield return new Sample($"p{lineNumber:D4}")
            {
                ["x"] = x,
                ["y"] = y,
                ["radius"] = Math.Sqrt(x * x + y * y),
                ["label"] = parts[2],
            };
        }
    }
}
