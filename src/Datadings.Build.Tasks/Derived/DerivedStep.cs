using Datadings.Operations;

namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// One derived dataset item read and checked: which datasets it reads and produces, and how to call its core
/// operation. Subclasses only translate metadata into the operation's options record; no operation logic here.
/// </summary>
internal abstract class DerivedStep(ItemMetadata item, string operation, IReadOnlyList<string> inputs)
{
    public ItemMetadata Item { get; } = item;

    /// <summary>The item's Include: the dataset it produces (for a split, the name of the split itself).</summary>
    public string Name => Item.Name;

    /// <summary>The verb in log lines and the <c>Operation</c> metadata of its outputs: shuffle, split, ….</summary>
    public string Operation { get; } = operation;

    /// <summary>Names of the datasets it reads (conversions or other derived datasets), in the item's order.</summary>
    public IReadOnlyList<string> Inputs { get; } = inputs;

    /// <summary>Names of the datasets it produces, one output file each.</summary>
    public virtual IReadOnlyList<string> Produces => [Name];

    /// <summary>Project files (label maps, index lists) whose content the result depends on.</summary>
    public virtual IReadOnlyList<string> ReferencedFiles => [];

    /// <summary>A split's assignment CSV: written beside the project (not an output: clean keeps it).</summary>
    public virtual string? AssignmentFile => null;

    /// <summary>The build of code outside the core that computes the result (a transform's imaging code), for the stamp.</summary>
    public virtual string? CodeIdentity => null;

    /// <summary>True when the output is a view file served from its input rather than a dataset.</summary>
    public virtual bool WritesViewFile => false;

    public string OutputPath(string outputDirectory, string dataset) =>
        System.IO.Path.Combine(outputDirectory, dataset + (WritesViewFile ? ".view.json" : ".msgpack"));

    /// <summary>
    /// The class metadata (<c>ClassNames</c>, <c>ClassColors</c>) of the result, from its inputs' DatasetOutput
    /// metadata (one entry per input, in <see cref="Inputs"/> order). By default a one-input step keeps its input's
    /// classes (a shuffle, sample, split or view does not change labels); steps that change labels override this.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> ClassMetadata(IReadOnlyList<IReadOnlyDictionary<string, string>> inputs) =>
        inputs.Count == 1 ? inputs[0] : new Dictionary<string, string>();

    /// <summary>Runs the core operation; <paramref name="outputs"/> matches <see cref="Produces"/>.</summary>
    public abstract OperationResult Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs,
        IProgress<OperationProgress> progress, CancellationToken cancellationToken);

    protected static string SingleInput(ItemMetadata item, string meaning) =>
        item.Required("Input", meaning) is var input && input.Contains(';')
            ? throw item.Invalid($"Input '{input}' names several datasets; this operation reads one ({meaning})")
            : input;
}
