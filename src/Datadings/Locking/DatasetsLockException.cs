namespace Datadings.Locking;

/// <summary>Why a lock file could not be used.</summary>
public enum LockProblem
{
    /// <summary>Not JSON, or JSON without the fields and types of the schema.</summary>
    Malformed,

    /// <summary>Written by a newer SDK with a schema this code does not know.</summary>
    NewerSchema,

    /// <summary>Valid JSON whose values contradict each other or the format (a hand edit gone wrong).</summary>
    Inconsistent,
}

/// <summary>A lock file that cannot be read; <see cref="Line"/> is 1-based (0 when the whole file is at fault).</summary>
public sealed class DatasetsLockException(LockProblem problem, string path, int line, string message)
    : Exception($"{path}({line}): {message}")
{
    public LockProblem Problem { get; } = problem;
    public string LockPath { get; } = path;
    public int Line { get; } = line;

    /// <summary>The message without the file and line (MSBuild prints those itself).</summary>
    public string Reason { get; } = message;
}
