namespace Datadings.Operations;

/// <summary>Two inputs of a merge contain a sample with the same key; a dataset's keys must be unique.</summary>
public sealed class DuplicateKeyException(string key, string firstInput, string secondInput)
    : InvalidOperationException($"the key \"{key}\" occurs in both {firstInput} and {secondInput}; keys must be unique across merged inputs (use a per-input key prefix to keep both)")
{
    public string Key { get; } = key;
    public string FirstInput { get; } = firstInput;
    public string SecondInput { get; } = secondInput;
}
