namespace Datadings.Build.Tasks.Derived;

/// <summary>
/// Orders derived steps so that every step comes after the steps producing its inputs (declaration order among
/// independent steps), and finds the steps that cannot run: an input no one produces, or a circle of steps.
/// </summary>
internal static class DerivedOrder
{
    public sealed record Result(
        IReadOnlyList<DerivedStep> Ordered,
        IReadOnlyList<(DerivedStep Step, string Input)> UnknownInputs,
        IReadOnlyList<IReadOnlyList<DerivedStep>> Cycles);

    /// <param name="steps">The steps, in declaration order.</param>
    /// <param name="external">Dataset names available before any step runs (the conversions).</param>
    public static Result Sort(IReadOnlyList<DerivedStep> steps, IReadOnlySet<string> external)
    {
        var producer = new Dictionary<string, DerivedStep>(StringComparer.Ordinal);
        foreach (var step in steps)
            foreach (var name in step.Produces)
                producer.TryAdd(name, step);

        var unknown = steps.SelectMany(s => s.Inputs.Where(i => !external.Contains(i) && !producer.ContainsKey(i)).Select(i => (s, i))).ToList();

        // Kahn's algorithm, always taking the earliest declared ready step, so the order is stable and readable.
        var dependsOn = steps.ToDictionary(s => s, s => s.Inputs.Where(producer.ContainsKey).Select(i => producer[i]).Distinct().ToHashSet());
        var ordered = new List<DerivedStep>();
        var pending = steps.ToList();
        while (pending.FirstOrDefault(s => dependsOn[s].All(ordered.Contains)) is { } ready)
        {
            ordered.Add(ready);
            pending.Remove(ready);
        }

        // What is left depends on a cycle or is in one; report each cycle once.
        var cycles = new List<IReadOnlyList<DerivedStep>>();
        var reported = new HashSet<DerivedStep>();
        foreach (var start in pending)
        {
            if (reported.Contains(start) || FindCycleThrough(start, dependsOn, pending) is not { } cycle) continue;
            if (cycle.Any(reported.Contains)) continue;
            cycles.Add(cycle);
            reported.UnionWith(cycle);
        }
        return new Result([.. ordered, .. pending], unknown, cycles);
    }

    /// <summary>The steps of the cycle that <paramref name="start"/> belongs to, starting at it; null if it only depends on one.</summary>
    private static List<DerivedStep>? FindCycleThrough(DerivedStep start, Dictionary<DerivedStep, HashSet<DerivedStep>> dependsOn, List<DerivedStep> pending)
    {
        var path = new List<DerivedStep>();
        var visited = new HashSet<DerivedStep>();
        bool Walk(DerivedStep step)
        {
            path.Add(step);
            foreach (var next in dependsOn[step].Where(pending.Contains))
            {
                if (next == start) return true;
                if (visited.Add(next) && Walk(next)) return true;
            }
            path.RemoveAt(path.Count - 1);
            return false;
        }
        return Walk(start) ? path : null;
    }
}
