using System.Globalization;
using Datadings.Imaging;
using Datadings.Msgpack;

namespace Datadings.Transforms;

/// <summary>
/// A transform script: statements run in order on every sample (see docs/transforms.md). Statements are separated
/// by new lines or ';':
/// <code>
/// image_224 = image | decode | resize 224x224 aspect=fill | encode jpeg quality=90
/// mask_224 = mask | decode label | resize 224x224 | encode png
/// rename label class
/// drop image mask
/// keep image_224 mask_224 class
/// cast class int64
/// area, ratio = width, height | MyLib.BoxStats scale=2
/// </code>
/// A computed field (<c>TARGET = SOURCE | step …</c>) replaces TARGET in place or is appended; it is the unit of
/// the per-sample cache. A custom step (<see cref="IFieldStep"/>, written by its type name) may read and write
/// several fields when it is the statement's only step. Everything is checked when parsing, so a wrong script
/// fails before the first sample. Dispose the script to unload the custom steps' code.
/// </summary>
public sealed class TransformScript : IDisposable
{
    private TransformScript(IReadOnlyList<Statement> statements) => Statements = statements;

    internal IReadOnlyList<Statement> Statements { get; }

    private IEnumerable<CustomStep> CustomSteps => Statements.OfType<FieldStatement>().SelectMany(s => s.Steps).OfType<CustomStep>();

    /// <summary>The computed fields, in order: what the build summary counts.</summary>
    public IReadOnlyList<string> ComputedFields => [.. Statements.OfType<FieldStatement>().SelectMany(s => s.Targets)];

    /// <summary>The SHA-256 of every custom step's assembly (sorted, distinct), or empty: part of the dataset's stamp.</summary>
    public IReadOnlyList<string> CustomCode => [.. CustomSteps.Select(s => s.AssemblySha256).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Parses <paramref name="text"/>; custom steps are loaded through <paramref name="customSteps"/> (none without it).</summary>
    /// <exception cref="TransformException">The script is malformed or a custom step cannot be loaded; the message names the statement and step.</exception>
    public static TransformScript Parse(string text, CustomStepLoader? customSteps = null)
    {
        var statements = new List<Statement>();
        var lines = text.Split(['\n', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#')).ToList();
        if (lines.Count == 0)
            throw new TransformException(TransformError.InvalidScript, "the transform has no statements (e.g. 'image_224 = image | decode | resize 224x224 | encode png')");
        try
        {
            foreach (var line in lines)
                statements.Add(ParseStatement(line, customSteps));
        }
        catch
        {
            new TransformScript(statements).Dispose();
            throw;
        }
        return new TransformScript(statements);
    }

    public void Dispose()
    {
        foreach (var step in CustomSteps) step.Dispose();
    }

    private static Statement ParseStatement(string line, CustomStepLoader? customSteps)
    {
        int equals = line.IndexOf('=');
        int bar = line.IndexOf('|');
        var words = line.Split(' ', '\t').Where(w => w.Length > 0).ToArray();
        if (equals > 0 && (bar < 0 || equals < bar) && !words[0].Contains('='))
            return ParseField(line, line[..equals].Trim(), line[(equals + 1)..], customSteps);
        if (equals > 0 && words[0].Contains('=') && (bar < 0 || equals < bar))
            return ParseField(line, words[0][..words[0].IndexOf('=')], line[(line.IndexOf('=') + 1)..], customSteps);

        var fields = words.Skip(1).ToArray();
        foreach (var field in fields) RequireFieldName(field, line);
        return words[0] switch
        {
            "rename" when fields.Length == 2 => new RenameStatement(line, fields[0], fields[1]),
            "rename" => throw Invalid(line, "rename takes two fields: rename OLD NEW"),
            "drop" when fields.Contains(Sample.KeyField) => throw Invalid(line, "the key field cannot be dropped"),
            "drop" when fields.Length > 0 => new DropStatement(line, fields, keep: false),
            "keep" when fields.Length > 0 => new DropStatement(line, fields, keep: true),
            "drop" or "keep" => throw Invalid(line, $"{words[0]} needs at least one field"),
            "cast" when fields.Length == 2 && fields[0] == Sample.KeyField => throw Invalid(line, "the key field cannot be cast: it stays a string"),
            "cast" when fields.Length == 2 => new CastStatement(line, fields[0], Enum.TryParse<CastType>(fields[1], true, out var type) && Enum.IsDefined(type) && !char.IsDigit(fields[1][0])
                ? type : throw new TransformException(TransformError.InvalidOption, $"statement '{line}': '{fields[1]}' is not a type to cast to ({string.Join(", ", Enum.GetNames<CastType>().Select(n => n.ToLowerInvariant()))})")),
            "cast" => throw Invalid(line, "cast takes a field and a type: cast FIELD int64"),
            _ => throw Invalid(line, $"'{words[0]}' is not a statement: write 'TARGET = SOURCE | step …' to compute a field, or rename, drop, keep, cast"),
        };
    }

    private static FieldStatement ParseField(string line, string targetText, string pipeline, CustomStepLoader? customSteps)
    {
        var steps = new List<PipelineStep>();
        try
        {
            return ParseField(line, targetText, pipeline, customSteps, steps);
        }
        catch
        {
            foreach (var custom in steps.OfType<CustomStep>()) custom.Dispose(); // unload what this statement loaded
            throw;
        }
    }

    private static FieldStatement ParseField(string line, string targetText, string pipeline, CustomStepLoader? customSteps, List<PipelineStep> steps)
    {
        var targets = FieldList(targetText, line);
        var target = string.Join(", ", targets);
        var parts = pipeline.Split('|', StringSplitOptions.TrimEntries);
        var sources = FieldList(parts[0], line);
        if (targets.Distinct().Count() != targets.Count) throw Invalid(line, "names a target field twice");
        var kind = ValueKind.Value; // a stored value of any type; decode checks at run time that it is bytes
        bool first = true, label = false;
        foreach (var text in parts.Skip(1))
        {
            var words = text.Split(' ', '\t').Where(w => w.Length > 0).ToList();
            if (words.Count == 0) throw Invalid(line, "has an empty step between two '|'");
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            var positional = new List<string>();
            foreach (var word in words.Skip(1))
            {
                int eq = word.IndexOf('=');
                if (eq == 0 || eq == word.Length - 1) throw new TransformException(TransformError.InvalidOption, $"field '{target}', step '{words[0]}': '{word}' is not an option (write key=value)");
                if (eq < 0) positional.Add(word);
                else if (!named.TryAdd(word[..eq], word[(eq + 1)..])) throw new TransformException(TransformError.InvalidOption, $"field '{target}', step '{words[0]}': option '{word[..eq]}' is given twice");
            }
            var options = new StepOptions(words[0], positional, named);
            PipelineStep step;
            try
            {
                step = BuiltInSteps.Create(options) ?? CreateCustom(options, customSteps, sources, targets);
            }
            catch (TransformException e)
            {
                throw new TransformException(e.Error, $"field '{target}', step '{words[0]}': {e.Message}");
            }
            var previous = steps.Count > 0 ? steps[^1] : null;
            steps.Add(step);
            // A stored value may be bytes: decode checks at run time what the field or a custom step gave.
            bool accepts = step.Takes == kind || (step.Takes == ValueKind.Bytes && kind == ValueKind.Value && (first || previous is CustomStep))
                || (step.Takes == ValueKind.Value && kind == ValueKind.Bytes);
            if (!accepts)
                throw Invalid(line, $"step '{step.Name}' takes {Describe(step.Takes)} but gets {Describe(kind)}{(kind == ValueKind.Image ? "" : step.Takes == ValueKind.Image ? " (decode first)" : " (encode or ndarray first)")}");
            // decode | resize: the decoder may use a reduced JPEG scale that still covers the target size.
            if (step is BuiltInSteps.ResizeStep resize && previous is BuiltInSteps.DecodeStep decode)
                decode.AtLeast = resize.Size;
            if (step is BuiltInSteps.DecodeStep decodeStep) label = decodeStep.IsLabel;
            else if (label) RequireLabelSafe(step, target);
            kind = step.Gives;
            first = false;
        }
        if (kind == ValueKind.Image)
            throw Invalid(line, "ends with a decoded image, which cannot be stored: end it with 'encode png|jpeg|webp' or 'ndarray'");
        if ((targets.Count > 1 || sources.Count > 1) && steps is not [CustomStep])
            throw Invalid(line, "several target or source fields need exactly one step, a custom step (built-in steps compute one field from one field)");
        return new FieldStatement(line, targets, sources, steps);
    }

    /// <summary>A step that is not built in: a type name (has a '.') loaded from the referenced class libraries.</summary>
    private static CustomStep CreateCustom(StepOptions options, CustomStepLoader? loader, IReadOnlyList<string> sources, IReadOnlyList<string> targets)
    {
        if (!options.Name.Contains('.') || loader is null)
            throw new TransformException(TransformError.InvalidScript, $"'{options.Name}' is not a step (built-in steps: {string.Join(", ", BuiltInSteps.Names)}; "
                + (loader is null ? "custom steps are available in builds only)" : "a custom step is written by its type name, Namespace.Type or Namespace.Type,Assembly)"));
        var code = loader.Load(options.Name);
        try
        {
            return new CustomStep(options, code, sources, targets);
        }
        catch
        {
            code.Dispose();
            throw;
        }
    }

    private static List<string> FieldList(string text, string line)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries).ToList();
        foreach (var name in names) RequireFieldName(name, line);
        return names;
    }

    /// <summary>
    /// After 'decode label' only nearest resizing and lossless encoding keep class ids. Both are known from the
    /// script alone, so they are refused here, before any sample (and even on an empty dataset).
    /// </summary>
    private static void RequireLabelSafe(PipelineStep step, string target)
    {
        string? problem = step switch
        {
            BuiltInSteps.ResizeStep { Filter: { } f } when f != ResizeFilter.Nearest =>
                $"option filter={f.ToString().ToLowerInvariant()}: a label image (decode label) resizes with the nearest filter only ({f.ToString().ToLowerInvariant()} would invent class ids between neighbours)",
            BuiltInSteps.EncodeStep { IsLossy: true } e =>
                $"a label image (decode label) must be stored losslessly (png, or webp lossless=true): {e.Format} would change class ids",
            _ => null,
        };
        if (problem is not null)
            throw new TransformException(TransformError.InvalidOption, $"field '{target}', step '{step.Name}': {problem}");
    }

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Bytes => "encoded bytes",
        ValueKind.Image => "a decoded image",
        _ => "a value",
    };

    private static void RequireFieldName(string name, string line)
    {
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '|' or '=' or ';'))
            throw Invalid(line, $"'{name}' is not a field name");
    }

    private static TransformException Invalid(string line, string problem) => new(TransformError.InvalidScript, $"statement '{line}': {problem}");
}

/// <summary>Types <c>cast</c> converts a field to.</summary>
public enum CastType
{
    Int64,
    Float64,
    String,
    Bool,
}

/// <summary>One statement of a script, applied to a sample in place.</summary>
internal abstract class Statement(string text)
{
    public string Text { get; } = text;
}

/// <summary><c>TARGET = SOURCE | step | step</c>: the cached unit.</summary>
internal sealed class FieldStatement(string text, IReadOnlyList<string> targets, IReadOnlyList<string> sources, IReadOnlyList<PipelineStep> steps) : Statement(text)
{
    public IReadOnlyList<string> Targets { get; } = targets;
    public IReadOnlyList<string> Sources { get; } = sources;

    /// <summary>The target fields as messages name them: <c>image_224</c>, or <c>area, ratio</c>.</summary>
    public string Target { get; } = string.Join(", ", targets);

    public IReadOnlyList<PipelineStep> Steps { get; } = steps;

    /// <summary>
    /// The steps with their options, normalised (custom steps with their assembly's hash): the statement's identity
    /// in the cache key (target names are not part of it, their count is).
    /// </summary>
    public string Identity => (Targets.Count == 1 ? "" : $"targets={Targets.Count} ") + string.Join(" | ", Steps.Select(s => s.Identity));

    /// <summary>One value per target, from the source values.</summary>
    public IReadOnlyList<object?> Compute(IReadOnlyList<object?> inputs, string sampleKey)
    {
        if (Steps is [CustomStep custom])
            return Named(custom, sampleKey, () => custom.ApplyAll(inputs));
        object? value = inputs[0];
        foreach (var step in Steps)
        {
            var input = value;
            value = Named(step, sampleKey, () =>
            {
                try
                {
                    return step.Apply(input);
                }
                catch
                {
                    (input as IDisposable)?.Dispose();
                    throw;
                }
            });
        }
        return [value];
    }

    private T Named<T>(PipelineStep step, string sampleKey, Func<T> apply)
    {
        try
        {
            return apply();
        }
        catch (TransformException e)
        {
            throw new TransformException(e.Error, $"sample '{sampleKey}', field '{Target}', step '{step.Name}': {e.Message}", e);
        }
    }
}

internal sealed class RenameStatement(string text, string from, string to) : Statement(text)
{
    public void Apply(PackedSample sample)
    {
        if (!sample.TryGetValue(from, out var value))
            throw new TransformException(TransformError.SampleDoesNotFit, $"sample '{sample.Key}', statement '{Text}': the sample has no field '{from}'");
        int index = sample.IndexOf(from);
        sample.Remove(from);
        sample.Remove(to);
        sample.Insert(Math.Min(index, sample.Count), to, value);
    }
}

internal sealed class DropStatement(string text, IReadOnlyList<string> fields, bool keep) : Statement(text)
{
    public void Apply(PackedSample sample)
    {
        if (keep)
        {
            sample.Keep(fields);
        }
        else
        {
            foreach (var name in fields) // never "key": refused when parsing
                sample.Remove(name);
        }
    }
}

internal sealed class CastStatement(string text, string field, CastType type) : Statement(text)
{
    public void Apply(PackedSample sample)
    {
        if (!sample.TryGetValue(field, out var packed))
            throw Fail(sample, $"the sample has no field '{field}'");
        var value = MsgpackSerializer.Deserialize(packed.Span);
        sample.Set(field, MsgpackSerializer.Serialize(Convert(sample, value)));
    }

    private object Convert(PackedSample sample, object? value) => type switch
    {
        // Shortest round-trip text for floats; true/false as cast bool reads them.
        CastType.String => value switch
        {
            string s => s,
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString(CultureInfo.InvariantCulture),
            float f => f.ToString(CultureInfo.InvariantCulture),
            ulong u => u.ToString(CultureInfo.InvariantCulture), // msgpack uint64 above long.MaxValue
            bool b => b ? "true" : "false",
            _ => throw Fail(sample, $"{BuiltInSteps.Describe(value)} is not a number, string or boolean"),
        },
        CastType.Int64 => value switch
        {
            long l => l,
            float f when Math.Floor(f) == f && f >= long.MinValue && f < 9.2233720368547758E18 => (long)f,
            double d when Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18 => (long)d,
            bool b => b ? 1L : 0L,
            string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            ulong u => throw Fail(sample, $"the integer {u} does not fit in int64 (at most {long.MaxValue})"),
            _ => throw Fail(sample, $"{Shown(value)} is not a whole number"),
        },
        CastType.Float64 => value switch
        {
            long l => (double)l,
            double d => d,
            float f => (double)f,
            ulong u => (double)u,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw Fail(sample, $"{Shown(value)} is not a number"),
        },
        CastType.Bool => value switch
        {
            bool b => b,
            long l when l is 0 or 1 => l == 1,
            string s when bool.TryParse(s, out var b) => b,
            _ => throw Fail(sample, $"{Shown(value)} is not true/false or 0/1"),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The value's kind, and its text when it is a scalar (a map or bytes would print a .NET type name), in invariant culture.</summary>
    private static string Shown(object? value) => value is string or long or ulong or double or float or bool
        ? string.Create(CultureInfo.InvariantCulture, $"{BuiltInSteps.Describe(value)} ({value})")
        : BuiltInSteps.Describe(value);

    private TransformException Fail(PackedSample sample, string problem) =>
        new(TransformError.SampleDoesNotFit, $"sample '{sample.Key}', field '{field}', statement '{Text}': {problem}");
}
