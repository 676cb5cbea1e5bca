namespace OrleansPlatform.Contracts.Registry.Balancing;

/// <summary>
/// In-flight calls per instance as callers report them (each caller its own absolute count, so reports can repeat),
/// and the least-loaded pick: the fewest in flight, ties taken in turn so equal instances share the load.
/// Not thread-safe: callers serialise access (a grain's turn, or the mesh's per-service lock).
/// </summary>
public sealed class InFlightCounts
{
    private readonly Dictionary<string, Dictionary<string, int>> _byInstance = new(StringComparer.Ordinal);
    private int _tieBreak;

    /// <summary>Sets <paramref name="caller"/>'s count of calls in flight to <paramref name="instanceId"/>.</summary>
    public void Report(string caller, string instanceId, int inFlight)
    {
        if (!_byInstance.TryGetValue(instanceId, out var callers))
        {
            _byInstance[instanceId] = callers = new(StringComparer.Ordinal);
        }

        if (inFlight <= 0)
        {
            callers.Remove(caller);
        }
        else
        {
            callers[caller] = inFlight;
        }
    }

    /// <summary>The calls in flight to <paramref name="instanceId"/>, summed over callers.</summary>
    public int Of(string instanceId) => _byInstance.TryGetValue(instanceId, out var callers) ? callers.Values.Sum() : 0;

    /// <summary>Drops an instance that left.</summary>
    public void Forget(string instanceId) => _byInstance.Remove(instanceId);

    /// <summary>The index in <paramref name="candidates"/> of the least-loaded instance.</summary>
    public int Pick(IReadOnlyList<Candidate> candidates)
    {
        var loads = candidates.Select(c => Of(c.InstanceId)).ToList();
        var least = loads.Min();
        var tied = Enumerable.Range(0, candidates.Count).Where(i => loads[i] == least).ToList();
        return tied[(int)((uint)_tieBreak++ % (uint)tied.Count)];
    }
}
