using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Contracts.Registry.Balancing;

/// <summary>
/// Picks one of a service's healthy instances by strategy. Holds each strategy's memory (the round-robin cursor,
/// weighted scores, in-flight counts, the hash ring of the current instances); all in memory, so a restart starts
/// them afresh. Randomness comes from the injected <see cref="Random"/>.
/// Not thread-safe: the registry grain uses it within its turns, the gateway's mesh under a per-service lock.
/// </summary>
public sealed class InstanceBalancer(Random random)
{
    private readonly SmoothWeighted _weighted = new();
    private uint _next;
    private HashRing? _ring;
    private string? _ringMembers;

    /// <summary>In-flight calls per instance, for <see cref="BalancingStrategy.LeastConnections"/>.</summary>
    public InFlightCounts InFlight { get; } = new();

    /// <summary>The index in <paramref name="candidates"/> (ordered by instance id) of the chosen instance.</summary>
    public int Pick(BalancingStrategy strategy, IReadOnlyList<Candidate> candidates, string? key)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("No candidates.", nameof(candidates));
        }

        switch (strategy)
        {
            case BalancingStrategy.RoundRobin:
                return (int)(_next++ % (uint)candidates.Count);
            case BalancingStrategy.Weighted:
                return _weighted.Pick(candidates);
            case BalancingStrategy.LeastConnections:
                return InFlight.Pick(candidates);
            case BalancingStrategy.Random:
                return random.Next(candidates.Count);
            case BalancingStrategy.ConsistentHash:
                if (string.IsNullOrEmpty(key))
                {
                    throw new PlatformValidationException("key", "consistentHash needs a key.");
                }

                var owner = RingOf(candidates).Owner(key);
                return candidates.Select((c, i) => (c, i)).First(x => x.c.InstanceId == owner).i;
            default:
                throw new PlatformValidationException("strategy", $"Unknown strategy '{strategy}'.");
        }
    }

    private HashRing RingOf(IReadOnlyList<Candidate> candidates)
    {
        var members = string.Join('\n', candidates.Select(c => c.InstanceId));
        if (_ring is null || members != _ringMembers)
        {
            (_ring, _ringMembers) = (new HashRing(candidates.Select(c => c.InstanceId)), members);
        }

        return _ring;
    }
}
