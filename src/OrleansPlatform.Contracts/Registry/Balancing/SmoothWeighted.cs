namespace OrleansPlatform.Contracts.Registry.Balancing;

/// <summary>
/// Smooth weighted round robin (nginx): each pick adds every candidate's weight to its running score, takes the highest
/// and lowers it by the total. Over any window of <c>sum(weights)</c> picks each instance gets exactly its weight, spread
/// out rather than in bursts. Scores of instances that left are dropped.
/// </summary>
public sealed class SmoothWeighted
{
    private readonly Dictionary<string, long> _scores = new(StringComparer.Ordinal);

    /// <summary>The index in <paramref name="candidates"/> of the chosen instance.</summary>
    public int Pick(IReadOnlyList<Candidate> candidates)
    {
        long total = 0;
        var best = -1;
        long bestScore = long.MinValue;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var score = _scores.GetValueOrDefault(c.InstanceId) + c.Weight;
            _scores[c.InstanceId] = score;
            total += c.Weight;
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        _scores[candidates[best].InstanceId] = bestScore - total;
        if (_scores.Count > candidates.Count)
        {
            var present = candidates.Select(c => c.InstanceId).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _scores.Keys.Where(k => !present.Contains(k)).ToList())
            {
                _scores.Remove(gone);
            }
        }

        return best;
    }
}
