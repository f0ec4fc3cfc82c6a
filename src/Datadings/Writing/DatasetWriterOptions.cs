namespace Datadings.Writing;

public sealed record DatasetWriterOptions
{
    /// <summary>Replace an existing dataset at the same path. Without it, an existing dataset is an error (never a prompt).</summary>
    public bool Overwrite { get; init; }
}
