namespace Datadings.Transforms;

/// <summary>
/// A user's <see cref="IFieldStep"/> in a statement: written by its type name (<c>Namespace.Type</c> or
/// <c>Namespace.Type,Assembly</c>), takes and gives stored values. Its identity in the cache key is its text plus
/// the SHA-256 of its assembly, so a changed library recomputes.
/// </summary>
internal sealed class CustomStep : PipelineStep, IDisposable
{
    private readonly UserCode<IFieldStep> _code;

    public CustomStep(StepOptions options, UserCode<IFieldStep> code, IReadOnlyList<string> sources, IReadOnlyList<string> targets) : base(options)
    {
        _code = code;
        Targets = targets.Count;
        try
        {
            code.Instance.Configure(new FieldStepOptions(sources, targets, options.Positional, options.Named));
        }
        catch (ArgumentException e)
        {
            throw options.Invalid(e.Message);
        }
        catch (Exception e)
        {
            throw new TransformException(TransformError.CustomStepFailed, $"{TypeName}.Configure threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    private string TypeName => _code.Instance.GetType().FullName!;

    /// <summary>How many values <see cref="ApplyAll"/> must return.</summary>
    public int Targets { get; }

    public override ValueKind Takes => ValueKind.Value;
    public override ValueKind Gives => ValueKind.Value;

    public override string Identity => $"{Options.Canonical} assembly-sha256={_code.AssemblySha256}";

    public string AssemblySha256 => _code.AssemblySha256;

    public override object? Apply(object? value) => ApplyAll([value])[0];

    /// <exception cref="TransformException"><see cref="TransformError.CustomStepFailed"/>: it threw or returned the wrong number of values.</exception>
    public IReadOnlyList<object?> ApplyAll(IReadOnlyList<object?> inputs)
    {
        IReadOnlyList<object?>? results;
        try
        {
            // The user's code gets its own copies of mutable values (bytes, lists, maps): the inputs are the sample's
            // fields, which the output and later statements still read. A step that modified them in place would
            // otherwise change the dataset on a cold cache but not on a warm one (where it is not called).
            results = _code.Instance.Apply([.. inputs.Select(Isolate)]);
        }
        catch (Exception e)
        {
            throw new TransformException(TransformError.CustomStepFailed, $"{TypeName}.Apply threw {e.GetType().Name}: {e.Message}", e);
        }
        if (results is null || results.Count != Targets)
            throw new TransformException(TransformError.CustomStepFailed,
                $"{TypeName}.Apply returned {(results is null ? "null" : $"{results.Count} values")} for {Targets} target field{(Targets == 1 ? "" : "s")}");
        return results;
    }

    private static object? Isolate(object? value) => value switch
    {
        byte[] bytes => bytes.ToArray(),
        List<object?> list => list.ConvertAll(Isolate),
        Datadings.Msgpack.MsgpackMap map => new Datadings.Msgpack.MsgpackMap(
            map.Select(e => KeyValuePair.Create(Isolate(e.Key)!, Isolate(e.Value)))),
        _ => value,
    };

    public void Dispose() => _code.Dispose();
}

/// <summary>Loads custom steps from the class libraries a project references; owns what it loaded.</summary>
public sealed class CustomStepLoader(IReadOnlyList<string> candidateAssemblies)
{
    internal UserCode<IFieldStep> Load(string typeName)
    {
        try
        {
            return UserCode<IFieldStep>.Load(typeName, candidateAssemblies, "transform step",
                $"'{typeName}' is neither a built-in step ({string.Join(", ", BuiltInSteps.Names)}) nor found: the project references no class library (add a ProjectReference to the library that has it)");
        }
        catch (UserCodeException e)
        {
            throw new TransformException(TransformError.CustomStepFailed, e.Message, e.InnerException);
        }
    }
}
